/**
 * Deliveries to Lambda subscribers, in the background: the publisher never waits.
 * Each delivery is one asynchronous invoke; SNS retries it only when the invoke itself
 * fails with a server-side error (the function throttled or Lambda unavailable), and not
 * after a client-side error (the function deleted, or its policy no longer letting SNS in):
 * "Amazon SNS doesn't retry the message delivery that fails as a result of a client-side error."
 * https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html#why-do-message-deliveries-fail
 * Once Lambda has accepted the invoke, the function's own errors are Lambda's to retry.
 */
import type { InvokeFailure } from './delivery-status-log.ts';
import type { Notification } from './lambda-event.ts';
import type { LambdaSubscriberPort } from './ports.ts';

/** The service principal SNS invokes functions as (https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html). */
const SNS_PRINCIPAL = 'sns.amazonaws.com';

export interface LambdaDelivery {
  readonly functionArn: string;
  readonly notification: Notification;
  /** The JSON text of the SNS event. */
  readonly event: string;
  /** The Publish request's trace header (Lambda's recursive loop detection). */
  readonly traceHeader?: string;
}

/** Called once per delivery that SNS gives up on. */
export type DeliveryFailed = (
  delivery: LambdaDelivery,
  failure: InvokeFailure,
  attempts: number,
) => void;

interface Pending {
  readonly delivery: LambdaDelivery;
  attempts: number;
  timer?: NodeJS.Timeout;
}

export class LambdaDeliveries {
  private readonly pending = new Set<Pending>();

  constructor(
    private readonly lambda: LambdaSubscriberPort,
    /** The delay before each retry; its length is the number of retries. */
    private readonly retryDelaysMs: readonly number[],
    private readonly failed: DeliveryFailed,
  ) {}

  /** Starts a delivery on a later turn of the event loop. */
  start(delivery: LambdaDelivery): void {
    const pending: Pending = { delivery, attempts: 0 };
    this.pending.add(pending);
    this.schedule(pending, 0);
  }

  /** Cancels every delivery not yet done (waiting for a retry, or with an invoke under way); returns how many. */
  stop(): number {
    const count = this.pending.size;
    for (const { timer } of this.pending) clearTimeout(timer);
    this.pending.clear();
    return count;
  }

  private schedule(pending: Pending, delayMs: number): void {
    pending.timer = setTimeout(() => void this.attempt(pending), delayMs);
  }

  private async attempt(pending: Pending): Promise<void> {
    const { functionArn, notification, event, traceHeader } = pending.delivery;
    pending.attempts += 1;
    try {
      await this.lambda.invokeAsService({
        principal: SNS_PRINCIPAL,
        sourceArn: notification.topicArn,
        functionArn,
        event,
        traceHeader,
      });
      this.pending.delete(pending);
    } catch (error) {
      if (!this.pending.has(pending)) return; // stopped meanwhile
      const failure = error as InvokeFailure;
      const retryDelay = isServerSide(failure)
        ? this.retryDelaysMs[pending.attempts - 1]
        : undefined;
      if (retryDelay !== undefined) {
        this.schedule(pending, retryDelay);
        return;
      }
      this.pending.delete(pending);
      this.failed(pending.delivery, failure, pending.attempts);
    }
  }
}

/** Throttling and 5xx errors, and anything without a status, are the endpoint's trouble: retry. */
function isServerSide(failure: InvokeFailure): boolean {
  const status = failure.statusCode;
  return status === undefined || status === 429 || status >= 500;
}
