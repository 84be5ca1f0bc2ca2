import type { InvocationResponse } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { LambdaFunctionError } from '../src/errors.ts';
import { directInvokeEvent } from '../src/fixtures/walkthrough-events.ts';
import {
  DecodingError,
  encodeEvent,
  invokePayloadText,
  parseInvokePayload,
  printableInvokeResult,
} from '../src/index.ts';
import { catchError } from './catch-error.ts';

// Invoke results hold the fields of the SDK's InvokeCommandOutput that the decoders read.

// Chapter 2: the echo callee returns the event it was given.
const syncOutput: InvocationResponse = {
  StatusCode: 200,
  ExecutedVersion: '$LATEST',
  Payload: encodeEvent(directInvokeEvent),
};

// Chapter 3: InvocationType 'Event' is accepted (202) and answered without a payload.
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

describe('a synchronous invoke (chapter 2)', () => {
  it('prints as the walkthrough shows it', () => {
    expect(printableInvokeResult(syncOutput)).toEqual({
      StatusCode: 200,
      Payload: '{"id":"1","name":"Luna"}',
    });
  });

  it('gives the payload as text and as JSON', () => {
    expect(invokePayloadText(syncOutput)).toBe('{"id":"1","name":"Luna"}');
    expect(parseInvokePayload(syncOutput)).toEqual({ id: '1', name: 'Luna' });
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

describe('an asynchronous invoke (chapter 3)', () => {
  it('prints as the walkthrough shows it', () => {
    expect(printableInvokeResult(asyncOutput)).toEqual({ StatusCode: 202, Payload: '' });
  });

  it('prints the same from what the SDK really returns: Payload null', () => {
    const fromSdk = { StatusCode: 202, Payload: null } as unknown as InvocationResponse;
    expect(printableInvokeResult(fromSdk)).toEqual({ StatusCode: 202, Payload: '' });
  });

  it('has no payload to parse', () => {
    expect(() => parseInvokePayload(asyncOutput)).toThrow(
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

  it('keeps a payload that is not an error object as the message', () => {
    const failed = {
      StatusCode: 200,
      FunctionError: 'Handled',
      Payload: encodeEvent('"Runtime exited"'),
    };
    const error = catchError(() => parseInvokePayload(failed), LambdaFunctionError);
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
