export {
  type Bill,
  billedMs,
  billOf,
  GRANULARITIES,
  type Granularity,
  IN_2017,
  type Job,
  PRICE_PER_GB_SECOND,
  PRICE_PER_REQUEST,
  type Run,
  runsOf,
  TODAY,
} from './cost.ts';
export { parseJob, UsageError } from './options.ts';
export { report } from './report.ts';
