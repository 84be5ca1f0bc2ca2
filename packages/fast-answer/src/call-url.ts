/**
 * Step 9.2: call a front function's URL as a browser or `curl` would, with a plain HTTP GET (no
 * SDK, no signature: the URL's AuthType is NONE), and time the answer.
 */

export interface UrlAnswer {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
}

/** GET `<url>resume?user=luna`, and how long the answer took, in milliseconds. */
export async function callUrl(url: string): Promise<UrlAnswer> {
  const started = performance.now();
  const response = await fetch(new URL('resume?user=luna', url));
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}

/** Calls the URL `times` times, one after another; returns the answer of median latency. */
export async function medianCall(url: string, times: number): Promise<UrlAnswer> {
  const answers: UrlAnswer[] = [];
  for (let call = 0; call < times; call++) answers.push(await callUrl(url));
  const byLatency = [...answers].sort((a, b) => a.ms - b.ms);
  const median = byLatency[Math.floor(times / 2)];
  if (median === undefined) throw new Error('no call was made');
  return median;
}
