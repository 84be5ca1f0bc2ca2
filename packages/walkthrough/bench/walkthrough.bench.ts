/**
 * `pnpm --filter @l2l/walkthrough bench`: the wall time of the whole walkthrough
 * on the embedded local cloud, per chapter and in total, over three runs of the
 * command `pnpm start` runs (a new process each time, cloud start included).
 * Goal: under 10 s in all; every non-Kinesis step under 2 s with the cloud's start.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

async function runOnce(): Promise<{ wallMs: number; steps: Map<string, number> }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', cli], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the walkthrough exited with ${code}:\n${output}`);
  const wallMs = performance.now() - started;
  const summary = output.slice(output.lastIndexOf('\nSummary\n'));
  const steps = new Map<string, number>();
  for (const [, title, seconds] of summary.matchAll(/^ {2}(.+?)\s+(\d+\.\d+) s$/gm)) {
    if (title && seconds) steps.set(title, Number(seconds) * 1000);
  }
  return { wallMs, steps };
}

const runs = [];
for (let i = 0; i < 3; i++) runs.push(await runOnce());
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

console.log(
  `walkthrough bench — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, 3 runs (median)\n`,
);
const titles = [...(runs[0]?.steps.keys() ?? [])];
const width = Math.max(...titles.map((title) => title.length));
for (const title of titles) {
  const ms = median(runs.map((run) => run.steps.get(title) ?? 0));
  console.log(`  ${title.padEnd(width)}  ${`${(ms / 1000).toFixed(2)} s`.padStart(8)}`);
}
const wall = median(runs.map((run) => run.wallMs));
console.log(
  `\n  whole walkthrough, new process to exit (goal < 10 s): ${(wall / 1000).toFixed(2)} s`,
);
