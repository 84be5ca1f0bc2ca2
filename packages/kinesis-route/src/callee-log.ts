/**
 * What echoTest logged, read back from CloudWatch Logs.
 *
 * Lambda sends a function's output to the log group `/aws/lambda/<function name>`;
 * each console.log of the handler is one log event,
 * `<time>\t<request id>\tINFO\t<message>`, however many lines the message has.
 * The trigger invokes the function in the background, so the lines of the record
 * just put arrive a moment later (seconds, on AWS), among those of earlier records.
 */
import {
  CloudWatchLogsClient,
  paginateFilterLogEvents,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { type ClientConfig, waitWithProgress } from '@l2l/workshop';
import { pollUntil } from './poll.ts';

/**
 * What the function logged, after `since`, in the first log event that contains
 * `text` (a sequence number, say): waits until there is one.
 */
export function waitForLoggedText(
  clientConfig: ClientConfig,
  functionName: string,
  text: string,
  since: Date,
): Promise<string> {
  const logs = new CloudWatchLogsClient(clientConfig);
  const findText = async () => {
    // FilterLogEvents may answer a page without events but with a nextToken, when
    // it has more of the log group to search: the paginator follows the tokens.
    const pages = paginateFilterLogEvents(
      { client: logs },
      {
        logGroupName: `/aws/lambda/${functionName}`,
        // In double quotes, the text is matched as it is, punctuation included.
        filterPattern: `"${text}"`,
        // A minute early, in case this machine's clock is ahead of AWS's.
        startTime: since.getTime() - 60_000,
      },
    );
    try {
      for await (const { events = [] } of pages) {
        const [first] = events;
        if (first) return consoleMessage(first.message ?? '');
      }
    } catch (error) {
      // Until the function first runs, its log group does not exist.
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    return undefined;
  };
  return waitWithProgress(
    `Waiting for ${functionName}'s log`,
    pollUntil(`${functionName} to log ${text}`, findText, 180_000),
  );
}

/**
 * What the handler passed to console.log, without the time, request id and level
 * before it. The runtime writes a message's line breaks as `\r`, so that the
 * message stays one log event; they are line breaks again here.
 */
export function consoleMessage(logEvent: string): string {
  const message = /^\S+\t\S+\t[A-Z]+\t([\s\S]*)$/.exec(logEvent)?.[1] ?? logEvent;
  return message.replace(/\r\n?/g, '\n').trimEnd();
}
