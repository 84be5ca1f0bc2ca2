/**
 * MemorySize limits all of a handler's memory, as on Lambda, where the whole
 * process counts: a child process's resident memory, or a worker's V8 heap
 * (capped by the worker's resourceLimits too) and the memory outside it,
 * Buffers and ArrayBuffers, which no V8 limit covers. Part of the bootstrap
 * (bootstrap.ts), installed before the handler loads.
 *
 * A handler's synchronous loop blocks the worker's timers, so the functions
 * that allocate memory outside the heap are wrapped: they count what they are
 * asked for, and every few MB the real figure is measured. A periodic check
 * covers memory allocated by other paths (fs, zlib, crypto, ...) between awaits.
 */

import { isAnyArrayBuffer } from 'node:util/types';
import { getHeapStatistics } from 'node:v8';
import { isMainThread } from 'node:worker_threads';

const MB = 1024 * 1024;
/** Bytes handed out between two real measures: about the most a loop can overshoot by. */
const MEASURE_EVERY_BYTES = 4 * MB;
const CHECK_EVERY_MS = 25;

/** What an allocation asks for, in bytes, from its arguments (0 when it only makes a view). */
type Size = (args: readonly unknown[]) => number;

/** The runtime's own memory. In a child process, all of it (its resident set), as Lambda
 * counts. In a worker thread, its V8 heap plus memory held outside it (Buffers, ArrayBuffers):
 * `process.memoryUsage().rss` would be the whole local cloud's. */
export function memoryUsed(): number {
  if (isMainThread) return process.memoryUsage.rss();
  const heap = getHeapStatistics();
  return heap.total_heap_size + heap.external_memory;
}

/**
 * Calls `onExceeded` (which ends the environment) as soon as the worker uses more than
 * `limitBytes`, or is about to. Returns the measure for the bootstrap's own reports, which
 * checks the limit too, so that no REPORT line says more than MemorySize.
 */
export function limitMemory(limitBytes: number, onExceeded: () => never): () => number {
  const measure = (asked = 0): number => {
    const used = memoryUsed();
    if (used + asked > limitBytes) onExceeded();
    return used;
  };
  let sinceMeasure = 0;
  const count = (bytes: number): void => {
    if (!(bytes > 0)) return;
    sinceMeasure += bytes;
    if (sinceMeasure < MEASURE_EVERY_BYTES) return;
    sinceMeasure = 0;
    measure(bytes);
  };
  for (const [name, size] of Object.entries(BUFFER_FACTORIES)) {
    const original = Reflect.get(Buffer, name) as (...args: unknown[]) => Buffer;
    Reflect.set(Buffer, name, function (this: unknown, ...args: unknown[]) {
      count(size(args));
      return original.apply(this, args);
    });
  }
  for (const [name, size] of Object.entries(CONSTRUCTORS)) {
    const original = Reflect.get(globalThis, name) as new (...args: unknown[]) => object;
    const counted = new Proxy(original, {
      construct(target, args, newTarget) {
        count(size(args));
        return Reflect.construct(target, args, newTarget);
      },
    });
    Reflect.set(globalThis, name, counted);
  }
  setInterval(measure, CHECK_EVERY_MS).unref();
  return () => measure();
}

const number: Size = ([value]) => (typeof value === 'number' ? value : 0);

/** Buffer.from copies a string, an array or a typed array; over an ArrayBuffer it is a view. */
function copiedLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (isAnyArrayBuffer(value)) return 0;
  const length = (value as { length?: unknown } | null | undefined)?.length;
  return typeof length === 'number' ? length : 0;
}

const BUFFER_FACTORIES: Record<string, Size> = {
  alloc: number,
  allocUnsafe: number,
  allocUnsafeSlow: number,
  from: ([value]) => copiedLength(value),
  concat: ([list, totalLength]) =>
    typeof totalLength === 'number'
      ? totalLength
      : Array.isArray(list)
        ? list.reduce((total: number, item) => total + copiedLength(item), 0)
        : 0,
};

function typedArray(bytesPerElement: number): Size {
  return ([value]) => (typeof value === 'number' ? value : copiedLength(value)) * bytesPerElement;
}

const CONSTRUCTORS: Record<string, Size> = {
  ArrayBuffer: number,
  SharedArrayBuffer: number,
  Int8Array: typedArray(1),
  Uint8Array: typedArray(1),
  Uint8ClampedArray: typedArray(1),
  Int16Array: typedArray(2),
  Uint16Array: typedArray(2),
  Int32Array: typedArray(4),
  Uint32Array: typedArray(4),
  Float32Array: typedArray(4),
  Float64Array: typedArray(8),
  BigInt64Array: typedArray(8),
  BigUint64Array: typedArray(8),
};
