/** The calculator's table: each run billed under 2017's and today's granularity, and the cost. */
import {
  type Bill,
  billOf,
  GRANULARITIES,
  type Granularity,
  type Job,
  PRICE_PER_GB_SECOND,
  PRICE_PER_REQUEST,
  PRICES_SOURCE,
  type Run,
  runsOf,
} from './cost.ts';

const ms = (n: number) => `${n} ms`;
const usd = (n: number) => `$${n.toFixed(4)}`;

function describeRun({ role, workMs, coldStartMs, waitMs }: Run): string {
  const cold = coldStartMs ? ` + ${ms(coldStartMs)} cold start` : '';
  const wait = waitMs ? ` + ${ms(waitMs)} waiting` : '';
  return `${role.padEnd(9)}${ms(workMs)}${cold}${wait}`;
}

export function report(job: Job): string {
  const runs = runsOf(job);
  const columns = GRANULARITIES.map((granularity) => ({
    granularity,
    bill: billOf(job, granularity),
  }));
  const labels = runs.map(describeRun);
  const width = Math.max(...labels.map((label) => label.length), 'requests (9 per run)'.length);
  const row = (label: string, cell: (column: { granularity: Granularity; bill: Bill }) => string) =>
    `  ${label.padEnd(width)}${columns.map((column) => cell(column).padStart(16)).join('')}`;
  const kind =
    runs.length === 1
      ? 'one function'
      : job.sync
        ? 'split synchronously: the caller waits, and is billed while it waits'
        : 'split asynchronously: the caller does not wait';
  return [
    `Memory ${job.memoryMb} MB, ${kind}`,
    '',
    row('', ({ granularity }) => `billed ${granularity.label}`),
    row('', ({ granularity }) => `(${ms(granularity.ms)} units)`),
    ...labels.map((label, i) => row(label, ({ bill }) => ms(bill.billedMs[i] ?? 0))),
    row('total', ({ bill }) => ms(bill.totalMs)),
    row('billing units', ({ bill }) => String(bill.units)),
    row('GB-seconds', ({ bill }) => String(Number(bill.gbSeconds.toFixed(6)))),
    '',
    '  per million runs of this job',
    row('duration', ({ bill }) => usd(bill.durationUsd * 1e6)),
    row(`requests (${runs.length} per run)`, ({ bill }) => usd(bill.requestsUsd * 1e6)),
    row('total', ({ bill }) => usd(bill.totalUsd * 1e6)),
    '',
    `x86 prices: $${PRICE_PER_GB_SECOND} per GB-second, $${(PRICE_PER_REQUEST * 1e6).toFixed(2)} per million requests`,
    `(${PRICES_SOURCE}; free tier left out).`,
  ].join('\n');
}
