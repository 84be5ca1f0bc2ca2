/**
 * Chapter 3, continued: see in echoTest's log that it ran the call, and how.
 *
 * Lambda sends a function's output to CloudWatch Logs, to the log group
 * `/aws/lambda/<function name>`: its own START, END and REPORT lines around each
 * invocation, and between them every console.log of the handler, as
 * `<time>\t<request id>\tINFO\t<message>`. Each of these lines holds the
 * invocation's request id, so filtering on that id finds the lines of one run.
 */
import { type ClientConfig, consoleMessage, loggedLinesWith, pollUntil } from '@l2l/workshop';

/**
 * The log lines of one invocation so far, oldest first: those that hold its request id
 * (`loggedLinesWith` of `@l2l/workshop` sends the FilterLogEvents call). None while the log
 * group does not exist yet, until the function first runs.
 */
export function invocationLog(
  clientConfig: ClientConfig,
  functionName: string,
  requestId: string,
): Promise<string[]> {
  return loggedLinesWith(clientConfig, functionName, requestId);
}

/**
 * The invocation's log lines once it has ended. The function runs in the background and its
 * lines take a moment to reach CloudWatch Logs (seconds, on AWS), so this looks again, less and
 * less often (`pollUntil`: after 100 ms, then twice as long each time, at most 5 s), until the
 * REPORT line is there: Lambda writes it last, when the run is over.
 */
export function waitForInvocationLog(
  clientConfig: ClientConfig,
  functionName: string,
  requestId: string,
  timeoutMs = 60_000,
): Promise<string[]> {
  const endedRunLog = async () => {
    const lines = await invocationLog(clientConfig, functionName, requestId);
    return lines.some((line) => line.startsWith('REPORT ')) ? lines : undefined;
  };
  return pollUntil(
    `the REPORT line of request ${requestId} in /aws/lambda/${functionName}, which Lambda writes when the run is over`,
    endedRunLog,
    timeoutMs,
  );
}

/**
 * A cold start: Lambda had to start a new execution environment, load the code and run its
 * initialization before the handler, and its REPORT line says how long that took
 * (`Init Duration`). A warm start reuses an environment a previous call left, so its REPORT
 * line has no Init Duration (and its Duration is usually shorter).
 */
export function isColdStart(lines: readonly string[]): boolean {
  return lines.some((line) => line.startsWith('REPORT ') && line.includes('Init Duration:'));
}

/**
 * Why the run failed, if it did: the handler threw (Lambda logs `ERROR Invoke Error` and the
 * error as JSON), or the run ended otherwise (REPORT then has a `Status`, such as
 * `Status: timeout`). Undefined for a run that succeeded.
 */
export function invocationError(lines: readonly string[]): string | undefined {
  const thrown = lines.find((line) => /\tERROR\tInvoke Error\b/.test(line));
  if (thrown !== undefined) return consoleMessage(thrown);
  return /\tStatus: (.*)$/.exec(lines.find((line) => line.startsWith('REPORT ')) ?? '')?.[1];
}
