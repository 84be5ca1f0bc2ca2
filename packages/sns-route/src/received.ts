/**
 * What echoTest received, read back from its log and decoded with `@l2l/decoding`, as a
 * subscriber would decode the event it is invoked with.
 *
 * echoTest logs the event with `util.inspect`, whose notation JSON5 reads: keys without
 * quotes, strings in single quotes (or double quotes when the text holds a single quote).
 * inspect writes a text holding both kinds of quote in backquotes, which JSON5 does not read:
 * none of the walkthrough's messages does.
 */
import { decodeSnsEvent, type SnsMessage } from '@l2l/decoding';
import type { SNSEvent } from 'aws-lambda';
import JSON5 from 'json5';

/** The notifications of the SNS event echoTest logged (`logged` is what its handler printed). */
export function receivedNotifications(logged: string): SnsMessage[] {
  return decodeSnsEvent(JSON5.parse<SNSEvent>(logged));
}
