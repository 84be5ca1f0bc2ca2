/** Test support for reading what functions logged, as a learner reads it: through CloudWatch Logs. */
import { type CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { vi } from 'vitest';

/** The messages of a log group that contain `text`, once there are `count` (10 s at the most). */
export function logMessages(
  logs: CloudWatchLogsClient,
  logGroupName: string,
  text: string,
  count = 1,
): Promise<string[]> {
  return vi.waitFor(
    async () => {
      const { events = [] } = await logs.send(new FilterLogEventsCommand({ logGroupName }));
      const messages = events
        .map((event) => event.message ?? '')
        .filter((message) => message.includes(text));
      if (messages.length < count) throw new Error(`not yet in ${logGroupName}: ${text}`);
      return messages;
    },
    { timeout: 10_000, interval: 50 },
  );
}
