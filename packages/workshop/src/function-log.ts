/**
 * What a function logged, read back from CloudWatch Logs (chapters 1.3, 2 and 3 read echoTest's).
 *
 * Lambda sends a function's output to the log group `/aws/lambda/<function name>`:
 * its START, END and REPORT lines around each invocation, and between them each
 * console.log of the handler as one log event, `<time>\t<request id>\tINFO\t<message>`,
 * however many lines the message has. Triggers and asynchronous calls run the
 * function in the background, so lines arrive a moment later (seconds, on AWS).
 */
import {
  CloudWatchLogsClient,
  paginateFilterLogEvents,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { pollUntil } from './poll.ts';
import { waitWithProgress } from './progress.ts';
import { type ClientConfig, WorkshopError } from './workshop.ts';

// #region loggedLinesWith
/** The function's log lines that contain `text` (a request id, a message id, ...), oldest first. */
export function loggedLinesWith(
  clientConfig: ClientConfig,
  functionName: string,
  text: string,
  since?: Date,
): Promise<string[]> {
  return logLinesWith(clientConfig, `/aws/lambda/${functionName}`, text, since);
}

/** The lines of a log group that contain `text`, oldest first; none while the group does not exist. */
export async function logLinesWith(
  clientConfig: ClientConfig,
  logGroupName: string,
  text: string,
  // A minute early by default, in case this machine's clock is ahead of AWS's.
  since: Date = new Date(Date.now() - 60_000),
): Promise<string[]> {
  const logs = new CloudWatchLogsClient(clientConfig);
  // FilterLogEvents may answer a page without events but with a nextToken, when it has
  // more of the log group to search: the paginator follows the tokens to the end.
  const pages = paginateFilterLogEvents(
    { client: logs },
    {
      logGroupName,
      // In double quotes, the text is matched as it is, hyphens and all.
      filterPattern: `"${text}"`,
      startTime: since.getTime(),
    },
  );
  const lines: string[] = [];
  try {
    for await (const { events = [] } of pages) {
      // Lambda ends each message with a newline (and REPORT with a tab before it).
      for (const event of events) lines.push((event.message ?? '').trimEnd());
    }
  } catch (error) {
    // Until a function first runs (or SNS first logs a delivery), its log group does not exist.
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  return lines;
}
// #endregion

/**
 * Waits until the function has logged `text`, and returns what its handler passed to console.log
 * there. With `sentAt` (when the text was sent to the function), it stops at once when a line
 * logged since then holds `[Object]` or `[Array]` instead: the function ran, but logged the event
 * with its inner levels cut off (console.log of an object stops two levels down), so the text
 * will never show.
 */
export function waitForLoggedText(
  clientConfig: ClientConfig,
  functionName: string,
  text: string,
  { since, sentAt, timeoutMs = 180_000 }: { since?: Date; sentAt?: Date; timeoutMs?: number } = {},
): Promise<string> {
  const firstMatch = async () => {
    const [line] = await loggedLinesWith(clientConfig, functionName, text, since);
    if (line !== undefined) return consoleMessage(line);
    if (sentAt !== undefined) await stopOnCutOffLog(clientConfig, functionName, text, sentAt);
    return undefined;
  };
  return waitWithProgress(
    `Waiting for ${functionName}'s log`,
    pollUntil(`${functionName} to log ${text}`, firstMatch, timeoutMs),
  );
}

/** Where util.inspect (and so console.log) cut a value short, at its default depth of 2. */
const CUT_OFF = ['[Object]', '[Array]'];

/** Throws when the function logged, since `sentAt`, a line with a value cut short. */
async function stopOnCutOffLog(
  clientConfig: ClientConfig,
  functionName: string,
  text: string,
  sentAt: Date,
): Promise<void> {
  for (const cutOff of CUT_OFF) {
    const lines = await loggedLinesWith(clientConfig, functionName, cutOff, sentAt);
    // The line's own time (`<time>\t<request id>\t<level>\t<message>`), as the function logged it.
    const line = lines.find(
      (logged) => Date.parse(logged.split('\t')[0] ?? '') >= sentAt.getTime(),
    );
    if (line === undefined) continue;
    throw new WorkshopError(
      `${functionName} ran, but its log does not show ${text}: it logged the event with ${cutOff} where its inner levels were, as console.log(event) does:\n${consoleMessage(line)}\nLog the whole event, as packages/echo-handler/src/echo.ts does with inspect(event, { depth: null }), and run the step again.`,
    );
  }
}

/**
 * What the handler passed to console.log, without the time, request id and level
 * before it (a message over several lines is still one log event).
 */
export function consoleMessage(logEvent: string): string {
  const message = /^\S+\t\S+\t[A-Z]+\t([\s\S]*)$/.exec(logEvent)?.[1] ?? logEvent;
  return message.trimEnd();
}
