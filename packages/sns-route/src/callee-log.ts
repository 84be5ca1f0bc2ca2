/**
 * What the callee logged, read back from CloudWatch Logs, where Lambda sends
 * every function's output: the log group `/aws/lambda/<function name>`.
 *
 * SNS invokes the function asynchronously, some time after Publish answers, and
 * the log reaches CloudWatch a little later still (seconds, on AWS). So this
 * asks again until the line appears, up to a time limit.
 */
import {
  CloudWatchLogsClient,
  paginateFilterLogEvents,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { type ClientConfig, WorkshopError, waitWithProgress } from '@l2l/workshop';

/**
 * Waits until the function has logged a line containing `text` (a message id, say)
 * and returns what the function logged there, without the runtime's
 * `<time>\t<request id>\t<level>\t` before it.
 */
export function waitForLoggedText(
  clientConfig: ClientConfig,
  functionName: string,
  text: string,
  // `since` allows for this machine's clock running ahead of AWS's; the text picks the line.
  { since = Date.now() - 60_000, timeoutMs = 60_000 } = {},
): Promise<string> {
  const logs = new CloudWatchLogsClient(clientConfig);
  const logGroupName = `/aws/lambda/${functionName}`;
  const search = async () => {
    const deadline = Date.now() + timeoutMs;
    for (let pause = 100; Date.now() < deadline; pause = Math.min(pause * 2, 2_000)) {
      const line = await findLine(logs, logGroupName, text, since);
      if (line !== undefined) return loggedText(line);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    throw new WorkshopError(
      `${functionName} logged nothing with ${text} in ${timeoutMs / 1000} s (log group ${logGroupName}). Is it subscribed, and may SNS invoke it?`,
    );
  };
  return waitWithProgress(`Waiting for ${functionName}'s log`, search());
}

async function findLine(
  logs: CloudWatchLogsClient,
  logGroupName: string,
  text: string,
  since: number,
): Promise<string | undefined> {
  try {
    // A quoted filter pattern matches the exact text, hyphens and all.
    const pages = paginateFilterLogEvents(
      { client: logs },
      { logGroupName, filterPattern: `"${text}"`, startTime: since },
    );
    for await (const { events = [] } of pages) {
      const found = events.find((event) => event.message?.includes(text));
      if (found?.message !== undefined) return found.message;
    }
  } catch (error) {
    // Lambda creates the log group on the function's first run.
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  return undefined;
}

/**
 * A Node.js runtime line is `<time>\t<request id>\t<level>\t<text>`; a text of
 * several lines has them joined with `\r` (or `\n`) in one log event.
 */
function loggedText(line: string): string {
  const fields = line.split('\t');
  const text = fields.length > 3 ? fields.slice(3).join('\t') : line;
  return text.replace(/\r/g, '\n').trimEnd();
}
