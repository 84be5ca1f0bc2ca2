import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase64, parseJson } from '../src/codec.ts';
import { DecodingError, decodeBase64, decodeUtf8, encodeEvent } from '../src/index.ts';
import { catchError } from './catch-error.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('encodeEvent', () => {
  it('encodes an object as UTF-8 JSON', () => {
    expect(encodeEvent({ id: '1', name: 'Luna' })).toEqual(
      new TextEncoder().encode('{"id":"1","name":"Luna"}'),
    );
  });

  it('sends a string as-is instead of quoting it again', () => {
    expect(encodeEvent('{"id":"1"}')).toEqual(
      bytes(0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0x31, 0x22, 0x7d),
    );
  });

  it('encodes Korean text as UTF-8 (3 bytes per syllable)', () => {
    expect(encodeEvent('예제')).toEqual(bytes(0xec, 0x98, 0x88, 0xec, 0xa0, 0x9c));
  });

  it('refuses a value JSON cannot encode', () => {
    expect(() => encodeEvent(undefined)).toThrow('A undefined cannot be encoded as JSON');
    expect(() => encodeEvent(() => 1)).toThrow(TypeError);
  });
});

describe('decodeUtf8', () => {
  it('decodes UTF-8 and keeps a leading byte order mark as text', () => {
    expect(decodeUtf8(bytes(0xef, 0xbb, 0xbf, 0x41))).toBe('\uFEFFA');
  });

  it.each([
    ['a byte that never starts a character', bytes(0x41, 0xff)],
    ['a character cut short', bytes(0xec, 0x98)],
    ['an overlong encoding of "/"', bytes(0xc0, 0xaf)],
    ['an encoded surrogate', bytes(0xed, 0xa0, 0x80)],
  ])('refuses %s', (_, input) => {
    const attempt = () => decodeUtf8(input);
    expect(attempt).toThrow(DecodingError);
    expect(attempt).toThrow('Invalid UTF-8');
  });

  it('keeps the bytes and the decoder error', () => {
    const input = bytes(0xff);
    const error = catchError(() => decodeUtf8(input), DecodingError);
    expect(error.input).toBe(input);
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});

describe('parseJson', () => {
  it('parses JSON', () => {
    expect(parseJson('{"id":"1","name":"Luna"}')).toEqual({ id: '1', name: 'Luna' });
  });

  it('keeps the text and the SyntaxError when the text is not JSON', () => {
    const error = catchError(() => parseJson('{"id":1}}'), DecodingError);
    expect(error.message).toMatch(/^Invalid JSON: /);
    expect(error.input).toBe('{"id":1}}');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('says the same on every supported Node.js: V8 of Node.js 22 and 24 adds line and column', () => {
    const error = catchError(() => parseJson('{"id":1}}'), DecodingError);
    expect(error.message).toBe(
      'Invalid JSON: Unexpected non-whitespace character after JSON at position 8',
    );
  });
});

describe('base64', () => {
  it('decodes standard, padded base64', () => {
    // The bytes come back as a Buffer, Node's Uint8Array.
    expect(decodeBase64('7JiI7KCc')).toEqual(Buffer.from('예제'));
    expect(decodeBase64('QQ==')).toEqual(Buffer.from([0x41]));
    expect(decodeBase64('')).toEqual(Buffer.alloc(0));
  });

  it('encodes bytes, including a view into a larger buffer', () => {
    const buffer = bytes(0x00, 0x41, 0x42, 0x00);
    expect(encodeBase64(buffer.subarray(1, 3))).toBe('QUI=');
  });

  // Each of these is silently accepted by Buffer.from(text, 'base64').
  it.each([
    ['a character outside the alphabet', 'QU!J'],
    ['whitespace', 'QU JD'],
    ['the URL-safe alphabet', 'ab-_'],
    ['missing padding', 'QQ'],
    ['a stray "=" in the middle', 'QQ==QUJD'],
    ['non-zero bits in the padding', 'QR=='],
    ['text that is not base64 at all', 'not base64!'],
  ])('refuses %s', (_, text) => {
    expect(() => Buffer.from(text, 'base64')).not.toThrow();
    const error = catchError(() => decodeBase64(text), DecodingError);
    expect(error.message).toBe('Invalid base64 (expected the standard alphabet, padded)');
    expect(error.input).toBe(text);
  });
});

describe('round trips (property-based)', () => {
  it('any bytes survive base64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        expect(decodeBase64(encodeBase64(data))).toEqual(Buffer.from(data));
      }),
    );
  });

  it('valid base64 with one foreign character inserted is refused', () => {
    const foreign = fc.constantFrom('!', ' ', '\n', '-', '_', '.', '=', '예');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), foreign, fc.nat(), (data, character, at) => {
        const text = encodeBase64(data);
        const position = at % (text.length + 1);
        const broken = text.slice(0, position) + character + text.slice(position);
        expect(() => decodeBase64(broken)).toThrow(DecodingError);
      }),
    );
  });

  // A string is sent as-is, not as JSON, so strings are left to the next property.
  it('any JSON value but a string survives encodeEvent, decodeUtf8 and parseJson', () => {
    const notAString = fc.jsonValue().filter((value) => typeof value !== 'string');
    fc.assert(
      fc.property(notAString, (value) => {
        // JSON has no -0: what comes back is what JSON.stringify wrote.
        expect(parseJson(decodeUtf8(encodeEvent(value)))).toEqual(
          JSON.parse(JSON.stringify(value)),
        );
      }),
    );
  });

  it('any string of Unicode characters survives encodeEvent and decodeUtf8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(decodeUtf8(encodeEvent(text))).toBe(text);
      }),
    );
  });
});
