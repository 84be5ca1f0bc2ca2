/**
 * When SNS retries a delivery to Lambda. SNS's policy for AWS managed endpoints
 * (Lambda, SQS, Firehose), which cannot be changed, has four phases
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html):
 *
 *   immediate retry  3 retries, no delay
 *   pre-backoff      2 retries, 1 second apart
 *   backoff          10 retries, exponential backoff from 1 second to 20 seconds
 *   post-backoff     100,000 retries, 20 seconds apart (100,015 attempts over 23 days)
 *
 * The local cloud runs the same phases 100 times faster and ends the post-backoff phase
 * after 5 retries: 3 × 0 ms, 2 × 10 ms, 10 × 10 to 200 ms, 5 × 200 ms, that is 20 retries
 * within about 1.7 seconds. SNS also adds jitter; the local delays are exact.
 */

/** A delivery policy's phases, delays in milliseconds. */
export interface RetryPhases {
  readonly noDelayRetries: number;
  readonly minDelayRetries: number;
  readonly minDelayMs: number;
  readonly backoffRetries: number;
  readonly maxDelayMs: number;
  readonly maxDelayRetries: number;
}

export const AWS_MANAGED_ENDPOINT_POLICY: RetryPhases = {
  noDelayRetries: 3,
  minDelayRetries: 2,
  minDelayMs: 1_000,
  backoffRetries: 10,
  maxDelayMs: 20_000,
  maxDelayRetries: 100_000,
};

const LOCAL_SPEED_UP = 100;
const LOCAL_MAX_DELAY_RETRIES = 5;

/** The delay before each retry, in order; its length is the number of retries. */
export function retryDelaysMs(phases: RetryPhases): number[] {
  const { minDelayMs, maxDelayMs, backoffRetries } = phases;
  // Exponential from the minimum (first backoff retry) to the maximum (last one).
  const backoff = Array.from(
    { length: backoffRetries },
    (_, i) => minDelayMs * (maxDelayMs / minDelayMs) ** (i / Math.max(backoffRetries - 1, 1)),
  );
  return [
    ...Array<number>(phases.noDelayRetries).fill(0),
    ...Array<number>(phases.minDelayRetries).fill(minDelayMs),
    ...backoff.map(Math.round),
    ...Array<number>(phases.maxDelayRetries).fill(maxDelayMs),
  ];
}

export const LOCAL_RETRY_DELAYS_MS: readonly number[] = retryDelaysMs({
  ...AWS_MANAGED_ENDPOINT_POLICY,
  minDelayMs: AWS_MANAGED_ENDPOINT_POLICY.minDelayMs / LOCAL_SPEED_UP,
  maxDelayMs: AWS_MANAGED_ENDPOINT_POLICY.maxDelayMs / LOCAL_SPEED_UP,
  maxDelayRetries: LOCAL_MAX_DELAY_RETRIES,
});
