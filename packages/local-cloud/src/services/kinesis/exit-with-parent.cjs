/**
 * Loaded into kinesis-mock's process (`node --require`, see kinesis-engine.ts) so that it
 * never outlives the local cloud: it exits when its standard input ends. The cloud holds
 * the other end of that pipe and never closes it, and the kernel closes it when the
 * cloud's process ends, however it ends (SIGKILL included).
 */
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
