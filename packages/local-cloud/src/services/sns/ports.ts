/**
 * What SNS needs from the rest of the local cloud, as small interfaces: it invokes
 * Lambda functions and writes delivery status logs, but imports neither service.
 */

/** How SNS hands a notification to a subscribed function. */
export interface LambdaSubscriberPort {
  /**
   * Invokes the function asynchronously (InvocationType `Event`) with SNS's event, as the
   * service principal `principal` on behalf of the topic `sourceArn`. Resolves once Lambda
   * has accepted the invoke: the function's own errors are then Lambda's to retry, not
   * SNS's. Rejects, when Lambda does not accept it, with Lambda's error as an AwsError (its
   * `code` and HTTP `statusCode`; one without a `statusCode` counts as a server-side failure
   * and is retried): `ResourceNotFoundException` (404, the function is gone),
   * `AccessDeniedException` (403, the function's resource policy does not allow the
   * principal to `lambda:InvokeFunction`, with a SourceArn matching the topic when the
   * statement has one), `TooManyRequestsException` (429, throttled), or a 5xx service error.
   */
  invokeAsService(input: {
    /** `sns.amazonaws.com`. */
    readonly principal: string;
    /** The topic's ARN. */
    readonly sourceArn: string;
    readonly functionArn: string;
    /** The JSON text of the SNS event (see ./lambda-event.ts). */
    readonly event: string;
    /** The Publish request's X-Amzn-Trace-Id, which carries its chain of requests. */
    readonly traceHeader?: string;
  }): Promise<void>;
}

/** A delivery status log line, for CloudWatch Logs. */
export interface DeliveryLogEntry {
  /** The topic's region: the log group is in CloudWatch Logs of that region. */
  readonly region: string;
  /** `sns/<region>/<account>/<topic name>/Failure`, as SNS delivery status logging names it. */
  readonly logGroupName: string;
  /** The delivery's own stream, named by its deliveryId. */
  readonly logStreamName: string;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  /** The JSON text of the log line: `{ notification, delivery, status }`. */
  readonly message: string;
}

export type DeliveryLog = (entry: DeliveryLogEntry) => void;
