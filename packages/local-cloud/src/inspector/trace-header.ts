/**
 * The X-Ray trace header that ties a function's own AWS calls to its invocation. Lambda sets
 * `_X_AMZN_TRACE_ID` in the function's environment for each invocation, and the SDK v3 in
 * the handler sends it as `X-Amzn-Trace-Id` (its recursion detection middleware, when
 * `AWS_LAMBDA_FUNCTION_NAME` is set). Its form, `Root=1-<8 hex: epoch seconds>-<24 hex>;
 * Parent=<16 hex>;Sampled=0`, is X-Ray's
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader):
 * here the root is the chain and the parent the invocation's hop.
 */
import type { Hop } from './hops.ts';

export function traceHeader(hop: Hop): string {
  const seconds = Math.floor(hop.startedAt / 1000)
    .toString(16)
    .padStart(8, '0');
  const root = hop.chainId.toString(16).padStart(24, '0');
  return `Root=1-${seconds}-${root};Parent=${hop.id.toString(16).padStart(16, '0')};Sampled=0`;
}

/** The hop a call's `X-Amzn-Trace-Id` names as its parent, if it is one of ours. */
export function traceParent(header: string | string[] | undefined): number | undefined {
  const parent = typeof header === 'string' ? /Parent=([0-9a-f]{16})/.exec(header)?.[1] : undefined;
  return parent === undefined ? undefined : Number.parseInt(parent, 16);
}
