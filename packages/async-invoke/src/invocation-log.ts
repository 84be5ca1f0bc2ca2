/**
 * Step 1.3, continued: see in echoTest's log that it ran the asynchronous call.
 *
 * Lambda sends a function's output to CloudWatch Logs, to the log group
 * `/aws/lambda/<function name>`: its own START, END and REPORT lines around each
 * invocation, and between them every console.log of the handler, as
 * `<time>\t<request id>\tINFO\t<message>`. Each of these lines holds the
 * invocation's request id, so filtering on that id finds the lines of one run.
 */
import { setTimeout } from 'node:timers/promises';
import {
  CloudWatchLogsClient,
  paginateFilterLogEvents,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import type { ClientConfig } from '@l2l/workshop';

/** The log lines of one invocation so far, oldest first. */
export async function invocationLog(
  clientConfig: ClientConfig,
  functionName: string,
  requestId: string,
): Promise<string[]> {
  const logs = new CloudWatchLogsClient(clientConfig);
  // FilterLogEvents may answer a page without events but with a nextToken, when it has more
  // of the log group to search: the paginator follows the tokens to the end.
  const pages = paginateFilterLogEvents(
    { client: logs },
    {
      logGroupName: `/aws/lambda/${functionName}`,
      // In double quotes, the request id is one exact term, hyphens included.
      filterPattern: `"${requestId}"`,
    },
  );
  const lines: string[] = [];
  for await (const page of pages) {
    // Lambda ends each message with a newline (and REPORT with a tab before it).
    for (const event of page.events ?? []) lines.push((event.message ?? '').trimEnd());
  }
  return lines;
}

/**
 * The invocation's log lines once it has ended. The function runs in the background and its
 * lines take a moment to reach CloudWatch Logs (seconds, on AWS), so this looks again, less and
 * less often, until the REPORT line is there: Lambda writes it last, when the run is over.
 */
export async function waitForInvocationLog(
  clientConfig: ClientConfig,
  functionName: string,
  requestId: string,
  timeoutMs = 60_000,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 50; ; pause = Math.min(2 * pause, 2_000)) {
    const lines = await invocationLog(clientConfig, functionName, requestId).catch((error) => {
      // Until the function first runs, its log group does not exist.
      if (error instanceof ResourceNotFoundException) return [];
      throw error;
    });
    if (lines.some((line) => line.startsWith('REPORT '))) return lines;
    if (Date.now() >= deadline) {
      throw new Error(
        `No REPORT line for request ${requestId} in /aws/lambda/${functionName} after ${timeoutMs / 1000} s: the invocation has not ended, or its log has not arrived yet.`,
      );
    }
    await setTimeout(pause);
  }
}

/**
 * A cold start: Lambda had to start a new execution environment, load the code and run its
 * initialization before the handler, and its REPORT line says how long that took
 * (`Init Duration`). A warm start reuses an environment a previous call left, so its REPORT
 * line has no Init Duration (and its Duration is usually shorter).
 */
export function isColdStart(lines: readonly string[]): boolean {
  return lines.some((line) => line.startsWith('REPORT ') && line.includes('Init Duration:'));
}
