/**
 * Prints the Kinesis bench as the README records it: ns per record for the floor and for
 * `decodeKinesisBatch`, and how many times the floor the decoder takes.
 */
import type { RunnerTask } from 'vitest';
import type { Reporter, Vitest } from 'vitest/node';
import { FLOOR, RECORDS_PER_BATCH } from './batch-shape.ts';

export default class PerRecordReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(): void {
    const benches = (this.vitest?.state.getFiles() ?? []).flatMap(allTasks);
    const rows = benches.flatMap((bench) => {
      const msPerBatch = bench.result?.benchmark?.mean;
      return msPerBatch === undefined
        ? []
        : [{ name: bench.name, nsPerRecord: (msPerBatch * 1e6) / RECORDS_PER_BATCH }];
    });
    const floor = rows.find((row) => row.name === FLOOR);
    if (floor === undefined) {
      return;
    }
    console.log(`\nns per record (mean over batches of ${RECORDS_PER_BATCH})`);
    for (const row of rows) {
      const ratio = (row.nsPerRecord / floor.nsPerRecord).toFixed(2);
      console.log(`  ${row.nsPerRecord.toFixed(0).padStart(6)} ns  ${ratio}x  ${row.name}`);
    }
  }
}

function allTasks(task: RunnerTask): RunnerTask[] {
  return 'tasks' in task ? [task, ...task.tasks.flatMap(allTasks)] : [task];
}
