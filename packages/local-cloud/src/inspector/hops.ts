/**
 * What the local cloud records of a run (see ./call-recorder.ts): each call it serves and
 * each call it makes on a function's behalf is a hop, and hops caused by one another form a
 * chain (a Publish -> each delivery -> the invocation). Plain data, as the page and a record
 * of a run read it.
 */

/** How Lambda was asked to run a function: Invoke's types, or the service that invoked it. */
export type InvocationType =
  | 'RequestResponse'
  | 'Event'
  | 'SNS'
  | 'Kinesis'
  | 'Destination'
  | 'FunctionUrl';

/** `throttled`: Lambda had no execution environment for it (429). */
export type HopStatus = 'running' | 'ok' | 'error' | 'throttled';

/** Text kept of a hop, each cut to the recorder's `maxDetailChars`. */
export interface HopDetail {
  /** The request's payload: an API call's body, an invocation's event. */
  request?: string;
  /** The answer: an API call's body, the handler's result or error. */
  response?: string;
  /** An invocation's log lines, START to REPORT. */
  log?: string;
}

interface HopBase {
  readonly id: number;
  readonly chainId: number;
  readonly parentId?: number;
  /** Milliseconds since the epoch, with their fraction. */
  readonly startedAt: number;
  durationMs?: number;
  status: HopStatus;
  /** Who calls and who is called, as a sequence diagram's participants: `You`, `Lambda`, `echoTest`. */
  readonly from: string;
  readonly to: string;
  /** One short line: `CreateFunction echoTest`, `Invoke (Event), warm`. */
  label: string;
  readonly detail: HopDetail;
}

/** An API call the local cloud served. */
export interface CallHop extends HopBase {
  readonly kind: 'call';
  /** The SigV4 signing name: `lambda`, `sns`, `kinesis`, ... */
  readonly service: string;
  readonly operation: string;
  readonly resource?: string;
  readonly requestId: string;
  httpStatus?: number;
  /** The AWS error code, when the call failed. */
  errorCode?: string;
}

/** One run of a function (an attempt, for a retried event). */
export interface InvocationHop extends HopBase {
  readonly kind: 'invocation';
  readonly functionName: string;
  readonly version: string;
  readonly invocationType: InvocationType;
  readonly requestId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Whether a new execution environment started for it; unknown while it runs. */
  cold?: boolean;
  /** `Unhandled`'s errorType, or the throttle's code. */
  errorType?: string;
}

/** SNS's delivery of a message to a subscribed function (one attempt). */
export interface DeliveryHop extends HopBase {
  readonly kind: 'delivery';
  readonly topic: string;
  readonly functionName: string;
  readonly attempt: number;
  errorCode?: string;
}

/** A batch of Kinesis records an event source mapping hands to its function. */
export interface BatchHop extends HopBase {
  readonly kind: 'batch';
  readonly stream: string;
  readonly functionName: string;
  readonly records: number;
}

/**
 * An invocation Lambda stopped as a recursive loop, not run (../services/lambda/recursion.ts):
 * drawn as Lambda's own step, under what asked for the invocation.
 */
export interface LoopStopHop extends HopBase {
  readonly kind: 'loop-stop';
  readonly functionName: string;
  readonly requestId: string;
  /** How many times the function ran in the chain before. */
  readonly count: number;
  /** What became of the invocation (`the event goes to its on-failure destination`, ...). */
  readonly outcome: string;
}

export type Hop = CallHop | InvocationHop | DeliveryHop | BatchHop | LoopStopHop;

/** The hops one first call caused, in the order they started. */
export interface Chain {
  readonly id: number;
  readonly startedAt: number;
  /** From the first hop's start to the last hop's end, once none runs. */
  durationMs?: number;
  /** `error` or `throttled` if any hop was; `running` while one runs. */
  status: HopStatus;
  readonly hops: Hop[];
  /** Hops past the recorder's `maxHopsPerChain`, counted but not kept. */
  droppedHops: number;
  /** The functions invoked in it, for the page's filter. */
  readonly functions: string[];
  /** How its functions were invoked (`RequestResponse`, `SNS`, ...), for the page's filter. */
  readonly routes: InvocationType[];
}

/** What a listener hears: a hop started, or ended (its status and duration are then set). */
export interface HopEvent {
  readonly type: 'started' | 'ended';
  readonly hop: Hop;
  readonly chain: Chain;
}

/** What the live view is told of the chains kept: their hops without details, asked for on a click. */
export interface ChainsAnswer {
  readonly limits: { readonly maxChains: number; readonly maxHopsPerChain: number };
  readonly chains: Chain[];
}

/** A record of a run, as ./run-trace.ts writes it into its page: every chain, with details. */
export interface RecordedRun {
  /** ISO 8601. */
  readonly recordedAt: string;
  readonly chains: Chain[];
}
