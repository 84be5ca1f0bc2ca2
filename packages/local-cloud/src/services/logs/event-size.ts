/**
 * How big one log event may be, and how CloudWatch Logs counts its size.
 *
 * "Each log event can be no larger than 1 MB", and an event's size is "all event messages
 * in UTF-8, plus 26 bytes for each log event" (PutLogEvents, since April 2025; 256 KB before:
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html).
 * So a message holds at most 1 MB less those 26 bytes, as clients measured against the old
 * limit ("it's actually 256KB - 26": https://github.com/kislyuk/watchtower/pull/112), and
 * Lambda cuts a longer function log line there: under the old limit its lines ended at
 * 2^18 - 26 bytes (https://stackoverflow.com/questions/77175643). Reports differ on the rest
 * of the line: dropped ("CloudWatch truncates log messages at 256 KB",
 * https://github.com/NYPL/engineering-general/pull/16) or sent as further events (the
 * Stack Overflow question, for a raw stdout write). The local cloud drops it, so that one
 * runaway line costs at most 1 MB.
 */

/** The bytes CloudWatch Logs adds to each event's UTF-8 message when it counts sizes. */
export const EVENT_OVERHEAD_BYTES = 26;
/** The largest message of one event, in UTF-8 bytes. */
export const MAX_MESSAGE_BYTES = 1_048_576 - EVENT_OVERHEAD_BYTES;

/** A UTF-8 character takes at most 3 bytes per UTF-16 code unit (4 for a surrogate pair). */
const MAX_UTF8_BYTES_PER_UNIT = 3;

/** The message as one event keeps it: its first MAX_MESSAGE_BYTES bytes, whole characters only. */
export function cutToEventSize(message: string): string {
  if (message.length * MAX_UTF8_BYTES_PER_UNIT <= MAX_MESSAGE_BYTES) return message;
  const bytes = Buffer.from(message, 'utf8');
  if (bytes.length <= MAX_MESSAGE_BYTES) return message;
  let end = MAX_MESSAGE_BYTES;
  // Back over the continuation bytes (10xxxxxx) of a character the cut would split.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.toString('utf8', 0, end);
}
