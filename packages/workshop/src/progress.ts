/**
 * Progress while waiting on AWS (a stream becoming ACTIVE takes tens of
 * seconds there). Written to stderr, and only once a wait passes a second, so
 * that a step's output (stdout) is the same locally and on AWS.
 */
export async function waitWithProgress<T>(
  label: string,
  work: Promise<T>,
  stream: NodeJS.WritableStream = process.stderr,
): Promise<T> {
  const started = Date.now();
  let shown = false;
  const timer = setInterval(() => {
    stream.write(shown ? '.' : `${label} ..`);
    shown = true;
  }, 1_000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    if (shown) stream.write(` ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
}
