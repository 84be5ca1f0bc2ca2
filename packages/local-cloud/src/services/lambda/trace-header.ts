/**
 * The X-Ray trace header, as Lambda writes it for each invocation in `_X_AMZN_TRACE_ID` and the
 * SDK v3 in the handler sends it on as `X-Amzn-Trace-Id` (its recursion detection middleware,
 * when `AWS_LAMBDA_FUNCTION_NAME` is set): `Root=1-<8 hex: epoch seconds>-<24 hex>;
 * Parent=<16 hex>;Sampled=0;Lineage=...`
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader).
 * The root names the chain of requests, the parent the invocation that made the call, the
 * lineage how often each function ran in the chain (./recursion.ts). One mechanism for both of
 * its readers: recursive loop detection and the record of a run (src/inspector/).
 */
import { randomBytes } from 'node:crypto';

export interface TraceHeader {
  readonly root: string;
  /** The segment the request was made in: here, the invocation's. */
  readonly parent: string;
  readonly sampled: string;
  /** Per function (a hash), how many times it ran in this chain. */
  readonly lineage: ReadonlyMap<string, number>;
}

/** The fields of a header (any may be missing: a client writes its own). */
export function parseTraceHeader(header: string | undefined): Partial<TraceHeader> {
  const fields = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const equals = part.indexOf('=');
    if (equals > 0) fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  return {
    root: fields.get('Root'),
    parent: fields.get('Parent'),
    sampled: fields.get('Sampled'),
    lineage: parseLineage(fields.get('Lineage')),
  };
}

export function formatTraceHeader({ root, parent, sampled, lineage }: TraceHeader): string {
  const counts = [...lineage].map(([key, value]) => `${key}:${value}`).join('|');
  return `Root=${root};Parent=${parent};Sampled=${sampled};Lineage=${counts}`;
}

/** An X-Ray trace id: version 1, the time in seconds (8 hex digits), 96 random bits. */
export function newRoot(): string {
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `1-${seconds}-${randomBytes(12).toString('hex')}`;
}

/** A new segment id: 64 random bits. */
export function newParent(): string {
  return randomBytes(8).toString('hex');
}

function parseLineage(lineage: string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of (lineage ?? '').split('|')) {
    const [hash, count] = entry.split(':');
    const value = Number(count);
    if (hash && Number.isInteger(value) && value >= 0) counts.set(hash, value);
  }
  return counts;
}
