import { expect } from 'vitest';

/** Runs `action`, expects it to throw an instance of `errorClass`, and returns that error. */
export function catchError<E extends Error>(
  action: () => unknown,
  errorClass: abstract new (...args: never[]) => E,
): E {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(errorClass);
    return error as E;
  }
  throw new Error(`expected a ${errorClass.name}, but nothing was thrown`);
}
