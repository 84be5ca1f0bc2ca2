/**
 * Step 1.1: the callee `echoTest`. It logs the event it was given and returns it unchanged, so
 * a synchronous caller gets its own payload back (chapter 2), and the log shows every call,
 * synchronous or not (chapter 3), and every SNS or Kinesis event (chapters 4 and 5).
 *
 * The 2017 post wrote a callback handler, `(event, context, callback) => callback(null, event)`.
 * This one is async instead: the nodejs24.x runtime no longer supports callback-based handlers,
 * only async (promise-returning) ones; nodejs22.x and nodejs20.x still accept both. Sources:
 * - https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
 * - https://aws.amazon.com/blogs/compute/node-js-24-runtime-now-available-in-aws-lambda/
 */
import { inspect } from 'node:util';

export async function handler<Event>(event: Event): Promise<Event> {
  // `depth: null` prints every level; `console.log(event)` would stop two levels down and show
  // the SNS and Kinesis payloads as `[Object]`.
  console.log(inspect(event, { depth: null }));
  return event;
}
