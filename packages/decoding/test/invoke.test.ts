import type { InvocationResponse } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { directInvokeEvent } from '../src/fixtures/walkthrough-events.ts';
import {
  DecodingError,
  encodeBase64,
  encodeEvent,
  invokeFunctionError,
  invokeLogLines,
  invokePayloadText,
  LambdaFunctionError,
  parseInvokePayload,
  printableInvokeResult,
  safeParseInvokePayload,
} from '../src/index.ts';
import { catchError } from './catch-error.ts';

// Invoke results hold the fields of the SDK's InvokeCommandOutput that the decoders read.

// Step 1.2: the echo callee returns the event it was given.
const syncOutput: InvocationResponse = {
  StatusCode: 200,
  ExecutedVersion: '$LATEST',
  Payload: encodeEvent(directInvokeEvent),
};

// Step 1.3: InvocationType 'Event' is accepted (202) and answered without a payload.
const asyncOutput: InvocationResponse = { StatusCode: 202 };

const unhandledErrorPayload = {
  errorType: 'TypeError',
  errorMessage: "Cannot read properties of undefined (reading 'name')",
  trace: [
    "TypeError: Cannot read properties of undefined (reading 'name')",
    '    at Runtime.handler (file:///var/task/index.mjs:3:22)',
  ],
};

const failedOutput: InvocationResponse = {
  StatusCode: 200,
  FunctionError: 'Unhandled',
  Payload: encodeEvent(unhandledErrorPayload),
};

describe('a synchronous invoke (step 1.2)', () => {
  it('prints as the walkthrough shows it', () => {
    expect(printableInvokeResult(syncOutput)).toEqual({
      StatusCode: 200,
      Payload: '{"id":"1","name":"Luna"}',
    });
  });

  it('gives the payload as text and as JSON', () => {
    expect(invokePayloadText(syncOutput)).toBe('{"id":"1","name":"Luna"}');
    expect(parseInvokePayload(syncOutput)).toEqual({ id: '1', name: 'Luna' });
    expect(safeParseInvokePayload(syncOutput)).toEqual({
      success: true,
      data: { id: '1', name: 'Luna' },
    });
  });

  it('has no function error', () => {
    expect(invokeFunctionError(syncOutput)).toBeUndefined();
  });

  it('refuses a payload that is not JSON, keeping the text', () => {
    const output = { StatusCode: 200, Payload: encodeEvent('Luna') };
    const error = catchError(() => parseInvokePayload(output), DecodingError);
    expect(error.message).toMatch(/^Invalid JSON: /);
    expect(error.input).toBe('Luna');
  });

  it('refuses a payload that is not UTF-8', () => {
    const output = { StatusCode: 200, Payload: Uint8Array.of(0x22, 0xff, 0x22) };
    expect(() => invokePayloadText(output)).toThrow('Invalid UTF-8');
  });
});

describe('an asynchronous invoke (step 1.3)', () => {
  it('prints as the walkthrough shows it', () => {
    expect(printableInvokeResult(asyncOutput)).toEqual({ StatusCode: 202, Payload: '' });
  });

  it('prints the same from what the SDK really returns: Payload null', () => {
    const fromSdk = { StatusCode: 202, Payload: null } as unknown as InvocationResponse;
    expect(printableInvokeResult(fromSdk)).toEqual({ StatusCode: 202, Payload: '' });
  });

  it('has no payload to parse', () => {
    const result = safeParseInvokePayload(asyncOutput);
    expect(result.success).toBe(false);
    expect(!result.success && result.error).toBeInstanceOf(DecodingError);
    expect(!result.success && result.error.message).toBe(
      'The Invoke result (status 202) has no payload to parse; an asynchronous invoke never has one',
    );
  });
});

describe('a callee that failed', () => {
  it('becomes a LambdaFunctionError with the error payload', () => {
    const error = catchError(() => parseInvokePayload(failedOutput), LambdaFunctionError);
    expect(error.message).toBe("TypeError: Cannot read properties of undefined (reading 'name')");
    expect(error).toMatchObject({
      functionError: 'Unhandled',
      statusCode: 200,
      ...unhandledErrorPayload,
    });
    expect(error.input).toBe(failedOutput);
  });

  it('is returned by the safe form and by invokeFunctionError', () => {
    const result = safeParseInvokePayload(failedOutput);
    expect(!result.success && result.error).toBeInstanceOf(LambdaFunctionError);
    expect(invokeFunctionError(failedOutput)?.errorType).toBe('TypeError');
  });

  it('keeps a payload that is not an error object as the message', () => {
    const error = invokeFunctionError({
      StatusCode: 200,
      FunctionError: 'Handled',
      Payload: encodeEvent('"Runtime exited"'),
    });
    expect(error).toMatchObject({
      functionError: 'Handled',
      errorType: undefined,
      errorMessage: '"Runtime exited"',
      trace: [],
    });
  });

  it('prints with its FunctionError', () => {
    expect(printableInvokeResult(failedOutput)).toEqual({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: JSON.stringify(unhandledErrorPayload),
    });
  });
});

describe('LogResult', () => {
  // The callee's log as step 1.3 shows it, tab-separated as Lambda writes it.
  const logLines = [
    'START RequestId: 094d4d3e-0c4f-11e7-ab68-a96f2d3f979f Version: $LATEST',
    "2017-03-19T02:52:05.890Z\t094d4d3e-0c4f-11e7-ab68-a96f2d3f979f\t{ id: '1', name: 'Luna' }",
    'END RequestId: 094d4d3e-0c4f-11e7-ab68-a96f2d3f979f',
    'REPORT RequestId: 094d4d3e-0c4f-11e7-ab68-a96f2d3f979f\tDuration: 208.59 ms\tBilled Duration: 209 ms\tMemory Size: 128 MB\tMax Memory Used: 15 MB\t',
  ];

  it('decodes the base64 log tail to lines', () => {
    const LogResult = encodeBase64(encodeEvent(`${logLines.join('\n')}\n`));
    expect(invokeLogLines({ StatusCode: 200, LogResult })).toEqual(logLines);
  });

  it('is empty when the call did not ask for the log', () => {
    expect(invokeLogLines(syncOutput)).toEqual([]);
  });

  it('shows a character cut at the start of the 4 KB tail as U+FFFD', () => {
    const cut = encodeEvent('예제\n').subarray(1);
    expect(invokeLogLines({ LogResult: encodeBase64(cut) })).toEqual(['\uFFFD\uFFFD제']);
  });

  it('refuses a LogResult that is not base64', () => {
    expect(() => invokeLogLines({ LogResult: 'START RequestId' })).toThrow(DecodingError);
  });
});
