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
import type { ClientConfig } from '@l2l/workshop';
import { pollUntil } from './poll.ts';

/**
 * The messages the function logged, after `since`, that contain `term` (a
 * sequence number, say): waits until there is at least one.
 */
export async function waitForLoggedMessages(
  clientConfig: ClientConfig,
  functionName: string,
  term: string,
  since: Date,
): Promise<string[]> {
  const logs = new CloudWatchLogsClient(clientConfig);
  return pollUntil(
    `${functionName} to log ${term}`,
    async () => {
      const messages: string[] = [];
      // FilterLogEvents may answer a page without events but with a nextToken, when
      // it has more of the log group to search: the paginator follows the tokens.
      const pages = paginateFilterLogEvents(
        { client: logs },
        {
          logGroupName: `/aws/lambda/${functionName}`,
          // In double quotes, the term is matched as it is, punctuation included.
          filterPattern: `"${term}"`,
          // A minute early, in case this machine's clock is ahead of AWS's.
          startTime: since.getTime() - 60_000,
        },
      );
      try {
        for await (const { events = [] } of pages) {
          for (const { message = '' } of events) messages.push(consoleMessage(message));
        }
      } catch (error) {
        // Until the function first runs, its log group does not exist.
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
      return messages.length > 0 ? messages : undefined;
    },
    120_000,
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
