/**
 * `pnpm --filter @l2l/echo-callee start`: step 1.1 on this machine. Calls the echo handler with
 * the event of chapter 2 and prints what it logged and what it returned.
 */
import { format, inspect, parseArgs } from 'node:util';
import { encodeEvent, printableInvokeResult } from '@l2l/decoding';
import { directInvokeEvent } from '@l2l/decoding/fixtures';
import { echoHandler as handler } from '@l2l/echo-handler';
import { argumentError, chapterUsage, explain } from '@l2l/workshop';
import { chapter } from '../chapter.ts';

const usage = `Usage: pnpm --filter @l2l/echo-callee start [--help]

Runs the echo callee on this machine: calls its handler with the event of chapter 2,
{ id: "1", name: "Luna" }, and prints what the handler logged and what it returned.
Then deploy it (step 1.1) with the script deploy-callee.

${chapterUsage(chapter)}`;

function parseOptions(): { help?: boolean } | undefined {
  try {
    return parseArgs({ options: { help: { type: 'boolean', short: 'h' } } }).values;
  } catch (error) {
    console.error(`${explain(argumentError(error))}\n\n${usage}`);
    process.exitCode = 2;
    return undefined;
  }
}

const options = parseOptions();

if (options?.help) {
  console.log(usage);
} else if (options !== undefined) {
  // Collect what the handler logs, to print it below under its own label.
  const logged: string[] = [];
  const consoleLog = console.log;
  console.log = (...args: unknown[]) => logged.push(format(...args));
  let returned: unknown;
  try {
    returned = await handler(directInvokeEvent);
  } finally {
    console.log = consoleLog;
  }

  console.log('Step 1.1 — the echo callee, run on this machine\n');
  console.log(`event:\n  ${inspect(directInvokeEvent)}`);
  console.log(`logged:\n${logged.map((line) => `  ${line}`).join('\n')}`);
  console.log(`returned:\n  ${inspect(returned, { depth: null })}`);
  // What the caller of chapter 2 prints when Lambda answers with that return value.
  const invokeResult = printableInvokeResult({ StatusCode: 200, Payload: encodeEvent(returned) });
  console.log(`\nas a synchronous Invoke answers it (chapter 2):\n  ${inspect(invokeResult)}`);
}
