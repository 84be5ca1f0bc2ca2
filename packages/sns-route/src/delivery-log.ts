/**
 * Which version ran a delivery, and why a delivery was refused, read from CloudWatch Logs.
 */
import {
  type ClientConfig,
  loggedLinesWith,
  logLinesWith,
  pollUntil,
  waitWithProgress,
} from '@l2l/workshop';

/**
 * The version of the function that logged `text`: the invocation's START line says it
 * (`START RequestId: <id> Version: 1`), and each of its log lines carries its request id
 * (`<time>\t<request id>\tINFO\t<message>`).
 */
export async function versionThatLogged(
  clientConfig: ClientConfig,
  functionName: string,
  text: string,
): Promise<string | undefined> {
  const [line] = await loggedLinesWith(clientConfig, functionName, text);
  const requestId = line?.split('\t')[1];
  if (requestId === undefined) return undefined;
  const lines = await loggedLinesWith(clientConfig, functionName, requestId);
  const start = lines.find((logged) => logged.startsWith('START '));
  return /\bVersion: (\S+)/.exec(start ?? '')?.[1];
}

/**
 * The log group where SNS's delivery status logging writes the deliveries to Lambda that
 * failed: `sns/<region>/<account>/<topic>/Failure`. On AWS only a topic with a
 * `LambdaFailureFeedbackRoleArn` logs them; the local cloud always does.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-topic-attributes.html
 */
export function failureLogGroup(topicArn: string): string {
  const [, , , region, account, topicName] = topicArn.split(':');
  return `sns/${region}/${account}/${topicName}/Failure`;
}

/** What SNS's delivery status log says about a refused delivery. */
export interface RefusedDelivery {
  /** The endpoint SNS tried to invoke. */
  readonly destination: string;
  readonly statusCode: number;
  /** Lambda's answer, as SNS logged it: `{"ErrorCode":...,"ErrorMessage":...}`. */
  readonly providerResponse: string;
}

/** Waits until SNS has logged the failed delivery of the message to `destination`. */
export function waitForRefusedDelivery(
  clientConfig: ClientConfig,
  topicArn: string,
  messageId: string,
  destination: string,
): Promise<RefusedDelivery> {
  const logGroupName = failureLogGroup(topicArn);
  const refused = async () => {
    for (const line of await logLinesWith(clientConfig, logGroupName, messageId)) {
      const { delivery } = JSON.parse(line) as { delivery: RefusedDelivery };
      if (delivery.destination === destination) return delivery;
    }
    return undefined;
  };
  return waitWithProgress(
    `Waiting for ${logGroupName}`,
    pollUntil(`SNS to log the delivery of ${messageId} to ${destination}`, refused, 180_000),
  );
}
