/**
 * The log lines of a Lambda function, as CloudWatch Logs shows them: the
 * platform's START / END / REPORT lines and the Node.js runtime's console lines.
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
 */
import { format } from 'node:util';

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/**
 * A console line of the Node.js runtime's text format:
 * `<ISO time>\t<requestId>\t<LEVEL>\t<util.format(...)>`, one log event even when the message
 * has line breaks: on Lambda the runtime frames each message on the platform's telemetry file
 * descriptor, line breaks and all. Before the first invocation (during init) the request id is
 * `undefined`, as on Lambda.
 * Source: aws-lambda-nodejs-runtime-interface-client, src/LogPatch.js (logTextToFd).
 */
export function consoleLine(
  timestamp: number,
  requestId: string | undefined,
  level: LogLevel,
  args: readonly unknown[],
): string {
  return `${new Date(timestamp).toISOString()}\t${requestId}\t${level}\t${format(...args)}`;
}

export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export interface InvocationReport {
  readonly requestId: string;
  readonly durationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  /** Only on the first invocation of an environment (a cold start). */
  readonly initDurationMs?: number;
  /** How the invocation ended when it did not end with the handler's own result or error. */
  readonly status?:
    | { readonly kind: 'timeout' }
    | { readonly kind: 'error'; readonly errorType: string };
}

/**
 * `REPORT RequestId: <id>\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 45 MB\t`
 * with `Init Duration: 123.45 ms\t` after a cold start. When the platform ended
 * the invocation, `Status: timeout` or `Status: error\tError Type: <type>` closes
 * the line instead of the trailing tab. Recorded CloudWatch events show both forms, e.g.
 * `...\tMax Memory Used: 35 MB\tInit Duration: 67.49 ms\tStatus: timeout\n` and
 * `...\tMax Memory Used: 82 MB\tInit Duration: 249.40 ms\t\n`.
 * Billing is per 1 ms, rounded up, and since August 2025 includes the INIT phase of
 * on-demand functions (the recorded timeout above bills 3068 ms for 3000 ms + 67.49 ms init).
 * https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/
 */
export function reportLine(report: InvocationReport): string {
  // Billed from the durations as printed, so that the line adds up for whoever reads it
  // (from the unrounded ones, 40.004 + 41.999 ms would bill 83 ms next to 40.00 + 42.00).
  // In hundredths of a millisecond, whole numbers, so that no floating-point sum tips it over.
  const durationHundredths = Math.round(report.durationMs * 100);
  const initHundredths =
    report.initDurationMs === undefined ? undefined : Math.round(report.initDurationMs * 100);
  const billedMs = Math.max(1, Math.ceil((durationHundredths + (initHundredths ?? 0)) / 100));
  const duration = (durationHundredths / 100).toFixed(2);
  const init = initHundredths === undefined ? undefined : (initHundredths / 100).toFixed(2);
  const fields = [
    `REPORT RequestId: ${report.requestId}`,
    `Duration: ${duration} ms`,
    `Billed Duration: ${billedMs} ms`,
    `Memory Size: ${report.memorySizeMb} MB`,
    `Max Memory Used: ${report.maxMemoryUsedMb} MB`,
  ];
  if (init !== undefined) fields.push(`Init Duration: ${init} ms`);
  const status = report.status;
  if (status === undefined) return `${fields.join('\t')}\t`;
  if (status.kind === 'timeout') fields.push('Status: timeout');
  else fields.push('Status: error', `Error Type: ${status.errorType}`);
  return fields.join('\t');
}
