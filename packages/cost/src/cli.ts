/** `pnpm --filter @l2l/cost start -- --memory 128 --durations 101,98 [--sync] [--cold-start 200]` */
import { parseJob, USAGE, UsageError } from './options.ts';
import { report } from './report.ts';

try {
  const job = parseJob(process.argv.slice(2));
  console.log(job === 'help' ? USAGE : report(job));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`cost: ${error.message}\n\n${USAGE}`);
  process.exitCode = 2;
}
