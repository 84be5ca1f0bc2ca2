import { randomInt } from 'node:crypto';

/** The characters of IAM's unique ids and access key ids (base32's). */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * An id as IAM and STS make them: a prefix that says what it names (`AROA` a role, `AIDA` a
 * user, `ASIA` a temporary access key) and random characters up to `length`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids).
 */
export function uniqueId(prefix: string, length: number): string {
  let id = prefix;
  while (id.length < length) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}
