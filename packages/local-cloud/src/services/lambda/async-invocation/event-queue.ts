/**
 * Lambda's queue of asynchronous (`Event`) invocations
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html and
 * invocation-async-error-handling.html): Invoke answers 202 once the event is queued;
 * each function's events wait in their own queue and run, functions taking turns, as
 * concurrency allows. When an event ends, the next event of the same function runs in the
 * environment it freed, while that function uses no more than its share of the concurrency:
 * the runtime counts idle environments against the limit, so running another function's
 * event there would mean a cold start. Then, as Lambda does:
 *
 * - Throttled (no execution environment to be had) or refused by the service: the event goes
 *   back to its place in its queue and the queue waits, "from 1 second after the first attempt
 *   to a maximum of 5 minutes" on AWS, here from 10 ms to 1 s (or until one of its own running
 *   events finishes, which frees an environment). It is never lost for being throttled.
 * - A function error: "Lambda attempts to run it two more times, with a one-minute wait between
 *   the first two attempts, and two minutes between the second and third", up to the function's
 *   MaximumRetryAttempts. The local waits are `retryDelaysMs` (default 100 ms then 200 ms).
 * - The function at its reserved concurrency (0 included): the event is held, in its place,
 *   until the function has a free slot (`wake()`), as Lambda holds events of a throttled function
 *   (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html).
 * - An event older than MaximumEventAgeInSeconds when its turn comes is discarded.
 * - Success, or failure for good (retries exhausted, event expired): the invocation record goes
 *   to the OnSuccess or OnFailure destination function, as an event of that function's queue.
 *
 * The events of a function deleted meanwhile are dropped, as they are on AWS.
 *
 * The queue is bounded, where AWS's is not said to be: it holds at most `limits.events`
 * events (queued, running or waiting for a retry) and `limits.payloadBytes` of their payloads.
 * Past either, Invoke is refused with 429 TooManyRequestsException, Lambda's answer to an
 * invocation it will not take (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html),
 * so the caller knows; an overloaded AWS queue instead "might" delete events unsent
 * (invocation-async-error-handling.html). Destination records are always taken: each one
 * replaces the event it reports on.
 */
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../../server/aws-error.ts';
import type { ChainStep, NextInvocation } from '../recursion.ts';
import type { FunctionSnapshot, InvokeRequest, InvokeResult } from '../runtime/contract.ts';
import { type Condition, invocationRecord } from './destinations.ts';
import type { AsyncSettings } from './event-invoke-config.ts';

/** Lambda's waits before the 2nd and 3rd attempts (1 and 2 minutes), 600 times shorter. */
export const LOCAL_RETRY_DELAYS_MS: readonly number[] = [100, 200];
/** The wait after a throttle: AWS's 1 s to 5 min, here 10 ms doubling up to 1 s. */
const THROTTLE_DELAY_MIN_MS = 10;
const THROTTLE_DELAY_MAX_MS = 1_000;

/** What the queue holds at most; see the file's comment. */
export interface EventQueueLimits {
  readonly events: number;
  readonly payloadBytes: number;
}

export const DEFAULT_EVENT_QUEUE_LIMITS: EventQueueLimits = {
  events: 10_000,
  payloadBytes: 128 * 1024 * 1024,
};

/** The events not done when the queue stopped, by how far they got. */
export interface DroppedEvents {
  /** Queued and never started. */
  readonly notStarted: number;
  /** Handed to the runtime, which ends them as it stops. */
  readonly running: number;
  /** Ran and failed, and were waiting for a retry. */
  readonly awaitingRetry: number;
}

/** A function as the queue runs it: what its environments run, and its async settings. */
export interface AsyncFunction {
  readonly snapshot: FunctionSnapshot;
  readonly settings: AsyncSettings;
  /** The function runs as many invocations as its reserved concurrency allows (none, if 0). */
  readonly atReservedConcurrency: boolean;
}

export interface EventQueueOptions {
  /** Runs an invocation; rejects (e.g. TooManyRequestsException) when it cannot run it now. */
  readonly invoke: (request: InvokeRequest) => Promise<InvokeResult>;
  /** The function an ARN (the one invoked, maybe qualified) names, as it is now; undefined once it is deleted. */
  readonly lookup: (functionArn: string) => AsyncFunction | undefined;
  /** Invocations that may run at once (Lambda's concurrency limit, which the queue keeps to). */
  readonly concurrencyLimit: number;
  /** The wait before each retry of a failed event; the last one repeats if there are more retries. */
  readonly retryDelaysMs: readonly number[];
  readonly limits: EventQueueLimits;
  /** The event's invocation in its chain of requests (../recursion.ts): its trace header, or stopped as a recursive loop. */
  readonly chainStep: (
    functionArn: string,
    callerTraceHeader: string | undefined,
    invocation: NextInvocation,
  ) => ChainStep;
}

export interface NewEvent {
  /** The ARN invoked: the function's, or qualified with a version or alias. */
  readonly functionArn: string;
  /** The event, as JSON text. */
  readonly payload: Buffer;
  /** The invocation's id; every attempt runs with it. */
  readonly requestId: string;
  /** For a destination's event: the request id of the event it reports on. */
  readonly causedBy?: string;
  /** The trace header of the request that queued it (a function's SDK sends its chain of requests). */
  readonly traceHeader?: string;
}

interface QueuedEvent extends NewEvent {
  readonly queuedAt: number;
  /** Its place in its function's queue: events refused by the runtime go back to it. */
  place: number;
  /** How many times the function ran it (the record's approximateInvokeCount). */
  attempts: number;
  /** The last run's result. */
  result?: InvokeResult;
}

export class EventQueue {
  /** Events ready to run, by function; a Map keeps the order in which functions take turns. */
  private readonly ready = new Map<string, QueuedEvent[]>();
  /** Events waiting for a retry, with their timers. */
  private readonly retries = new Map<QueuedEvent, NodeJS.Timeout>();
  private readonly running = new Set<QueuedEvent>();
  /** Events held while their function is at its reserved concurrency, in their places. */
  private readonly waitingForSlot = new Map<string, QueuedEvent[]>();
  private places = 0;
  /** Events held (ready, waiting for a retry, or running), and their payloads' bytes. */
  private held = 0;
  private heldBytes = 0;
  private throttleTimer: NodeJS.Timeout | undefined;
  private throttleDelayMs = THROTTLE_DELAY_MIN_MS;
  private stopped = false;

  constructor(private readonly options: EventQueueOptions) {}

  /**
   * Queues an event and starts it if it can run now; refuses it (429) when the queue is full.
   * After stop(), events are not taken.
   */
  enqueue(event: NewEvent): void {
    if (this.stopped) return;
    const { events, payloadBytes } = this.options.limits;
    if (this.held >= events || this.heldBytes + event.payload.length > payloadBytes) {
      throw new AwsError(
        'TooManyRequestsException',
        `Rate Exceeded. The local cloud's queue of asynchronous invocations is full: it holds at most ${events} events and ${payloadBytes} bytes of payloads, queued, running or waiting for a retry. Retry once some have run.`,
        429,
        { Reason: 'CallerRateLimitExceeded' },
      );
    }
    this.admit(queued(event));
    this.pump();
  }

  /** A function may run more than before (a slot freed, a reservation changed): held events go back to their queues. */
  wake(): void {
    if (this.waitingForSlot.size === 0) return;
    for (const events of this.waitingForSlot.values()) {
      for (const event of events) this.putBack(event);
    }
    this.waitingForSlot.clear();
    this.pump();
  }

  /** Stops running events and cancels every timer; says which events were not done. */
  stop(): DroppedEvents {
    this.stopped = true;
    clearTimeout(this.throttleTimer);
    for (const timer of this.retries.values()) clearTimeout(timer);
    let notStarted = 0;
    let awaitingRetry = this.retries.size;
    for (const events of [...this.ready.values(), ...this.waitingForSlot.values()]) {
      for (const event of events) {
        if (event.attempts === 0) notStarted += 1;
        else awaitingRetry += 1;
      }
    }
    const running = this.running.size;
    this.ready.clear();
    this.waitingForSlot.clear();
    this.retries.clear();
    this.running.clear();
    this.held = 0;
    this.heldBytes = 0;
    return { notStarted, running, awaitingRetry };
  }

  /**
   * Starts ready events while concurrency allows and the runtime is not throttling.
   * `freedBy`: the function whose event just ended, whose environment is now idle and warm.
   */
  private pump(freedBy?: string): void {
    let warm = freedBy;
    while (
      !this.stopped &&
      this.throttleTimer === undefined &&
      this.running.size < this.options.concurrencyLimit
    ) {
      const event = (warm !== undefined && this.fairTurn(warm)) || this.nextEvent();
      warm = undefined;
      if (!event) return;
      const fn = this.options.lookup(event.functionArn);
      if (!fn) {
        this.release(event);
        continue;
      }
      if (Date.now() - event.queuedAt > fn.settings.maximumEventAgeSeconds * 1000) {
        this.finish(event, fn, 'EventAgeExceeded');
        continue;
      }
      const step = this.options.chainStep(fn.snapshot.functionArn, event.traceHeader, {
        requestId: event.requestId,
        payload: event.payload,
        ifStopped: this.destination(fn, 'RecursiveInvocationException')
          ? 'OnFailureDestination'
          : 'Dropped',
      });
      if (step.stopped) {
        // "Lambda also sends the event from the stopped invocation to your destination".
        this.finish(event, fn, 'RecursiveInvocationException');
      } else if (fn.atReservedConcurrency) {
        const waiting = this.waitingForSlot.get(event.functionArn);
        if (waiting) waiting.push(event);
        else this.waitingForSlot.set(event.functionArn, [event]);
      } else {
        this.run(event, fn, step.traceHeader);
      }
    }
  }

  /** The next event of a function whose environment was just freed, if it is within its share. */
  private fairTurn(functionArn: string): QueuedEvent | undefined {
    const events = this.ready.get(functionArn);
    if (!events || events.length === 0) return undefined;
    const busy = new Set([...this.ready.keys(), ...[...this.running].map((e) => e.functionArn)]);
    const share = Math.ceil(this.options.concurrencyLimit / busy.size);
    let running = 0;
    for (const event of this.running) if (event.functionArn === functionArn) running += 1;
    if (running >= share) return undefined;
    const event = events.shift();
    if (events.length === 0) this.ready.delete(functionArn);
    return event;
  }

  /** The next event of the function whose turn it is; that function then goes to the back. */
  private nextEvent(): QueuedEvent | undefined {
    for (const [functionArn, events] of this.ready) {
      const event = events.shift();
      this.ready.delete(functionArn);
      if (events.length > 0) this.ready.set(functionArn, events);
      if (event) return event;
    }
    return undefined;
  }

  private run(event: QueuedEvent, fn: AsyncFunction, traceHeader: string): void {
    this.running.add(event);
    const { payload, requestId, causedBy } = event;
    // After stop(), `running` is empty: what ends then is not acted on. A rejection is the
    // runtime's (throttled, or a service error), not the function's: the event waits its turn.
    const invokedFunctionArn = event.functionArn;
    const request = {
      fn: fn.snapshot,
      payload,
      requestId,
      causedBy,
      traceHeader,
      invokedFunctionArn,
    };
    this.options.invoke(request).then(
      (result) => {
        if (!this.running.delete(event)) return;
        this.throttleDelayMs = THROTTLE_DELAY_MIN_MS;
        this.ran(event, fn, result);
        this.resume(event.functionArn);
      },
      () => {
        if (this.running.delete(event)) this.throttled(event);
      },
    );
  }

  /** After a run: done, or retried after a wait. */
  private ran(event: QueuedEvent, fn: AsyncFunction, result: InvokeResult): void {
    event.attempts += 1;
    event.result = result;
    if (!result.functionError) {
      this.finish(event, fn, 'Success');
    } else if (event.attempts > fn.settings.maximumRetryAttempts) {
      this.finish(event, fn, 'RetriesExhausted');
    } else {
      const delays = this.options.retryDelaysMs;
      const delay = delays[Math.min(event.attempts, delays.length) - 1] ?? 0;
      const timer = setTimeout(() => {
        this.retries.delete(event);
        this.append(event);
        this.pump();
      }, delay);
      timer.unref();
      this.retries.set(event, timer);
    }
  }

  /** The runtime could not run the event now: back to its place in its queue, and wait. */
  private throttled(event: QueuedEvent): void {
    this.putBack(event);
    if (this.throttleTimer !== undefined) return;
    this.throttleTimer = setTimeout(() => this.resume(), this.throttleDelayMs);
    this.throttleTimer.unref();
    this.throttleDelayMs = Math.min(this.throttleDelayMs * 2, THROTTLE_DELAY_MAX_MS);
  }

  /** Back to its place in its function's queue. */
  private putBack(event: QueuedEvent): void {
    const events = this.ready.get(event.functionArn);
    if (events) {
      const after = events.findIndex((queued) => queued.place > event.place);
      events.splice(after === -1 ? events.length : after, 0, event);
    } else {
      this.ready.set(event.functionArn, [event]);
    }
  }

  /** Ends a throttle wait early (an environment was freed, by `freedBy`) and starts what can run. */
  private resume(freedBy?: string): void {
    clearTimeout(this.throttleTimer);
    this.throttleTimer = undefined;
    this.pump(freedBy);
  }

  /** Done with the event: its record goes to the destination for its outcome, if there is one. */
  private finish(event: QueuedEvent, fn: AsyncFunction, condition: Condition): void {
    this.release(event);
    const destination = this.destination(fn, condition);
    if (destination === undefined) return;
    const { snapshot } = fn;
    const record = invocationRecord(
      {
        requestId: event.requestId,
        functionArn: `${snapshot.functionArn}:${snapshot.version}`,
        version: snapshot.version,
        payload: event.payload,
        attempts: event.attempts,
        result: event.result,
      },
      condition,
    );
    const payload = Buffer.from(JSON.stringify(record));
    const causedBy = event.requestId;
    this.admit(queued({ functionArn: destination, payload, requestId: randomUUID(), causedBy }));
  }

  /** Where the record of an event that ended so goes, if anywhere. */
  private destination(fn: AsyncFunction, condition: Condition): string | undefined {
    const { onSuccess, onFailure } = fn.settings;
    const destination = condition === 'Success' ? onSuccess : onFailure;
    // A destination deleted since it was configured gets nothing (AWS counts a DestinationDeliveryFailures).
    return destination !== undefined && this.options.lookup(destination) ? destination : undefined;
  }

  /** A new event is held until it is done. */
  private admit(event: QueuedEvent): void {
    this.held += 1;
    this.heldBytes += event.payload.length;
    this.append(event);
  }

  /** Done with an event for good. */
  private release(event: QueuedEvent): void {
    this.held -= 1;
    this.heldBytes -= event.payload.length;
  }

  /** To the back of its function's queue (a retried event too). */
  private append(event: QueuedEvent): void {
    this.places += 1;
    event.place = this.places;
    const events = this.ready.get(event.functionArn);
    if (events) events.push(event);
    else this.ready.set(event.functionArn, [event]);
  }
}

/** A new event, not yet run; `append` gives it its place. */
function queued(event: NewEvent): QueuedEvent {
  return { ...event, queuedAt: Date.now(), place: 0, attempts: 0 };
}
