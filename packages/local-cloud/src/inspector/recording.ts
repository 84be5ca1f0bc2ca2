/**
 * Where the local cloud's services meet the recorder (./call-recorder.ts): each function
 * here wraps one seam the services already have (the endpoint's requests, Lambda's
 * runtime, SNS's port to Lambda, the event source mappings' invoke) and records what
 * passes through it, with the links between hops. The services themselves know nothing
 * of the record.
 */
import { randomUUID } from 'node:crypto';
import type { AwsRequest, CallName } from '../server/aws-request.ts';
import type { CallObserver } from '../server/http-server.ts';
import type { PlainHttpService } from '../server/plain-http.ts';
import type { FunctionRuntime, InvokeInput, InvokeOutput } from '../services/lambda/model.ts';
import { type LoopStop, STOPPED_OUTCOMES } from '../services/lambda/recursion.ts';
import type { InvokeResult } from '../services/lambda/runtime/contract.ts';
import { parseTraceHeader } from '../services/lambda/trace-header.ts';
import type { LambdaSubscriberPort } from '../services/sns/ports.ts';
import {
  callName,
  errorCode,
  publishedMessageId,
  recordLinkId,
  SERVICE_TITLES,
  shortName,
  writtenSequenceNumbers,
} from './call-names.ts';
import type { CallRecorder } from './call-recorder.ts';
import type {
  BatchHop,
  CallHop,
  DeliveryHop,
  HopStatus,
  InvocationHop,
  LoopStopHop,
} from './hops.ts';

/** Records each API call; `describe` names a REST request (the router's `describe`). */
export function recordCalls(
  recorder: CallRecorder,
  describe: (request: AwsRequest, service: string) => CallName | undefined,
): CallObserver {
  return (request, service) => {
    const name = callName(request, () => describe(request, service)) ?? {
      operation: `${request.method} ${request.path}`,
    };
    const traceParent = parseTraceHeader(request.headers['x-amzn-trace-id']?.toString()).parent;
    const callerLink =
      traceParent === undefined ? undefined : recorder.linkOf(traceLinkId(traceParent));
    const caller = callerLink && recorder.hop(callerLink.parent);
    const label = name.resource ? `${name.operation} ${name.resource}` : name.operation;
    const hop = recorder.start<CallHop>(
      {
        kind: 'call',
        service,
        operation: name.operation,
        resource: name.resource,
        requestId: request.requestId,
        from: caller?.kind === 'invocation' ? caller.functionName : 'You',
        to: SERVICE_TITLES[service] ?? service,
        label,
        detail: { request: recorder.detail(request.body) },
      },
      caller?.id,
    );
    if (service === 'lambda' && name.operation === 'Invoke') {
      const type =
        request.headers['x-amz-invocation-type'] === 'Event' ? 'Event' : 'RequestResponse';
      recorder.link(request.requestId, { parent: hop.id, type });
    }
    return (response) => {
      const code = errorCode(response);
      recorder.end(hop, statusOf(response.status), {
        httpStatus: response.status,
        errorCode: code,
        label: code ? `${label}: ${response.status} ${code}` : label,
        detail: { ...hop.detail, response: recorder.detail(response.body) },
      });
      if (code) return;
      if (service === 'sns' && name.operation === 'Publish') {
        const messageId = publishedMessageId(response);
        if (messageId) recorder.link(`sns:${messageId}`, { parent: hop.id });
      } else if (service === 'kinesis' && name.resource) {
        for (const sequenceNumber of writtenSequenceNumbers(response)) {
          recorder.link(recordLinkId(name.resource, sequenceNumber), { parent: hop.id });
        }
      }
    };
  };
}

/**
 * Records each invocation Lambda's runtime runs, under what caused it: its Invoke, SNS's
 * delivery, a Kinesis batch, its first attempt (a retry), or the event it reports on (a
 * destination). The handler's own AWS calls carry the invocation's trace header, which Lambda
 * gives it in `_X_AMZN_TRACE_ID` (../services/lambda/trace-header.ts): its Parent leads here.
 */
export function recordInvocations(
  runtime: FunctionRuntime,
  recorder: CallRecorder,
): FunctionRuntime {
  return {
    prepareCode: (zip) => runtime.prepareCode(zip),
    retainCode: (directory) => runtime.retainCode(directory),
    releaseCode: (directory) => runtime.releaseCode(directory),
    retire: (functionName, version) => runtime.retire(functionName, version),
    invoke: async (request) => {
      const { fn, requestId } = request;
      let link = recorder.linkOf(requestId);
      const cause = request.causedBy === undefined ? undefined : recorder.linkOf(request.causedBy);
      if (!link && cause) {
        link = recorder.link(requestId, {
          parent: cause.firstAttempt ?? cause.parent,
          type: 'Destination',
        });
      }
      const attempt = (link?.attempts ?? 0) + 1;
      const invocationType = link?.type ?? 'RequestResponse';
      const hop = recorder.start<InvocationHop>(
        {
          kind: 'invocation',
          functionName: fn.functionName,
          version: fn.version,
          invocationType,
          requestId,
          attempt,
          from: 'Lambda',
          to: fn.functionName,
          label: invocationLabel(invocationType, attempt),
          detail: { request: recorder.detail(request.payload) },
        },
        link?.firstAttempt ?? link?.parent,
      );
      if (link) {
        link.attempts = attempt;
        link.firstAttempt ??= hop.id;
      }
      // The handler's own calls carry the Parent Lambda gave this invocation (X-Amzn-Trace-Id).
      const traceParent = parseTraceHeader(request.traceHeader).parent;
      if (traceParent !== undefined) recorder.link(traceLinkId(traceParent), { parent: hop.id });
      let result: InvokeResult;
      try {
        result = await runtime.invoke(request);
      } catch (error) {
        const code = (error as { code?: string }).code;
        recorder.end(hop, statusOf((error as { statusCode?: number }).statusCode), {
          errorType: code,
          label: `${hop.label}: ${code ?? 'failed'}`,
        });
        throw error;
      }
      // A cold start's REPORT line, and only its, has an Init Duration (log-format.ts).
      const cold = result.log.includes('Init Duration');
      const errorType = result.functionError ? functionErrorType(result.payload) : undefined;
      recorder.end(hop, errorType === undefined ? 'ok' : 'error', {
        cold,
        errorType,
        label: `${hop.label}, ${cold ? 'cold' : 'warm'}${errorType ? `: ${errorType}` : ''}`,
        detail: {
          ...hop.detail,
          response: recorder.detail(result.payload),
          log: recorder.detail(result.log),
        },
      });
      return result;
    },
  };
}

/**
 * Each invocation Lambda stops as a recursive loop: a hop where the invocation would have been,
 * under what asked for it (its Invoke, SNS's delivery). It stands for the invocation, so an
 * on-failure destination's invocation, which reports on it, hangs under it.
 */
export function recordLoopStops(recorder: CallRecorder): (stop: LoopStop) => void {
  return ({ functionArn, requestId, payload, count, outcome }) => {
    const link = recorder.linkOf(requestId);
    const functionName = shortName(functionArn) ?? functionArn;
    const hop = recorder.start<LoopStopHop>(
      {
        kind: 'loop-stop',
        functionName,
        requestId,
        count,
        outcome: STOPPED_OUTCOMES[outcome],
        from: 'Lambda',
        to: 'Lambda',
        label: `Recursive loop stopped: ${functionName} not run`,
        detail: { request: recorder.detail(payload) },
      },
      link?.firstAttempt ?? link?.parent,
    );
    if (link) link.firstAttempt ??= hop.id;
    recorder.end(hop, 'error', {
      detail: {
        ...hop.detail,
        response: `${functionName} ran ${count} times in this chain of requests: Lambda stopped its next invocation (RecursiveInvocationsDropped), and ${STOPPED_OUTCOMES[outcome]}.`,
      },
    });
  };
}

/** SNS's deliveries to functions, each attempt a hop under its Publish. */
export function recordSnsDeliveries(
  recorder: CallRecorder,
  invokeAsService: (
    input: Parameters<LambdaSubscriberPort['invokeAsService']>[0] & { requestId: string },
  ) => Promise<void>,
): LambdaSubscriberPort {
  return {
    invokeAsService: async (input) => {
      const published = recorder.linkOf(`sns:${input.messageId}`);
      const functionName = shortName(input.functionArn) ?? input.functionArn;
      const hop = recorder.start<DeliveryHop>(
        {
          kind: 'delivery',
          topic: shortName(input.sourceArn) ?? input.sourceArn,
          functionName,
          attempt: input.attempt,
          from: 'SNS',
          to: 'Lambda',
          label: `Deliver to ${functionName}${input.attempt > 1 ? ` (attempt ${input.attempt})` : ''}`,
          detail: { request: recorder.detail(input.event) },
        },
        published?.parent,
      );
      const requestId = randomUUID();
      recorder.link(requestId, { parent: hop.id, type: 'SNS' });
      try {
        await invokeAsService({ ...input, requestId });
        recorder.end(hop, 'ok');
      } catch (error) {
        const code = (error as { code?: string }).code;
        recorder.end(hop, statusOf((error as { statusCode?: number }).statusCode), {
          errorCode: code,
          label: `${hop.label}: ${code ?? 'failed'}`,
        });
        throw error;
      }
    },
  };
}

/**
 * Each request to a function URL, a call hop over the invocation it causes (whose request id
 * is the request's). The URL's id says nothing to a reader: the hop names its method and path.
 */
export function recordFunctionUrlCalls(
  recorder: CallRecorder,
  urls: PlainHttpService,
): PlainHttpService {
  const recorded = Object.create(urls) as PlainHttpService;
  recorded.handle = async (request) => {
    const path = request.path.split('/').slice(3).join('/');
    const label = `Function URL: ${request.method} /${path}`;
    const hop = recorder.start<CallHop>({
      kind: 'call',
      service: 'lambda',
      operation: 'InvokeFunctionUrl',
      requestId: request.requestId,
      from: 'You',
      to: 'Lambda',
      label,
      detail: { request: recorder.detail(request.body) },
    });
    recorder.link(request.requestId, { parent: hop.id, type: 'FunctionUrl' });
    let response: Awaited<ReturnType<PlainHttpService['handle']>>;
    try {
      response = await urls.handle(request);
    } catch (error) {
      recorder.end(hop, 'error', { label: `${label}: failed` });
      throw error;
    }
    recorder.end(hop, statusOf(response.status), {
      httpStatus: response.status,
      label: response.status < 300 ? label : `${label}: ${response.status}`,
      detail: { ...hop.detail, response: recorder.detail(response.body) },
    });
    return response;
  };
  return recorded;
}

/** What an event source mapping needs of Lambda to invoke its function. */
interface BatchInvoker {
  invoke(region: string, input: InvokeInput): Promise<InvokeOutput>;
}

/** Each Kinesis batch an event source mapping sends, under the put of its first record. */
export function recordKinesisBatches<L extends BatchInvoker>(recorder: CallRecorder, lambda: L): L {
  const recorded = Object.create(lambda) as L;
  recorded.invoke = async (region, input) => {
    const records = kinesisRecords(input.Payload);
    const stream = shortName(records[0]?.eventSourceARN) ?? '';
    const put = records
      .map((record) => recorder.linkOf(recordLinkId(stream, record.kinesis?.sequenceNumber ?? '')))
      .find((link) => link !== undefined);
    const functionName = shortName(input.FunctionName) ?? input.FunctionName;
    const hop = recorder.start<BatchHop>(
      {
        kind: 'batch',
        stream,
        functionName,
        records: records.length,
        from: 'Kinesis',
        to: 'Lambda',
        label: `Batch of ${records.length} record${records.length === 1 ? '' : 's'} for ${functionName}`,
        detail: { request: recorder.detail(input.Payload) },
      },
      put?.parent,
    );
    recorder.link(input.RequestId, { parent: hop.id, type: 'Kinesis' });
    try {
      const output = await lambda.invoke(region, input);
      recorder.end(hop, output.FunctionError ? 'error' : 'ok');
      return output;
    } catch (error) {
      recorder.end(hop, statusOf((error as { statusCode?: number }).statusCode));
      throw error;
    }
  };
  return recorded;
}

/** The id a trace header's Parent (an invocation's segment) is linked by. */
function traceLinkId(parent: string): string {
  return `trace:${parent}`;
}

function statusOf(httpStatus: number | undefined): Exclude<HopStatus, 'running'> {
  if (httpStatus !== undefined && httpStatus < 300) return 'ok';
  return httpStatus === 429 ? 'throttled' : 'error';
}

function invocationLabel(type: InvocationHop['invocationType'], attempt: number): string {
  const name = type === 'RequestResponse' ? 'sync' : type;
  return `Invoke (${name})${attempt > 1 ? `, attempt ${attempt}` : ''}`;
}

function functionErrorType(payload: Buffer): string {
  try {
    return String(JSON.parse(payload.toString('utf8')).errorType ?? 'Unhandled');
  } catch {
    return 'Unhandled';
  }
}

interface KinesisEventRecord {
  readonly eventSourceARN?: string;
  readonly kinesis?: { readonly sequenceNumber?: string };
}

function kinesisRecords(payload: Buffer): KinesisEventRecord[] {
  try {
    const records: unknown = JSON.parse(payload.toString('utf8')).Records;
    return Array.isArray(records) ? records : [];
  } catch {
    return [];
  }
}
