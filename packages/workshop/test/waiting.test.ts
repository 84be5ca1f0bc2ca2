/** pollUntil, waitWithProgress and whenRoleReachesLambda, on fake timers: no test waits for real. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pollUntil } from '../src/poll.ts';
import { waitWithProgress } from '../src/progress.ts';
import { ROLE_PROPAGATION_MS, whenRoleReachesLambda } from '../src/role-propagation.ts';
import { WorkshopError } from '../src/workshop.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('pollUntil', () => {
  it('asks after 100 ms, then twice as long each time, at most 5 s apart', async () => {
    const asked: number[] = [];
    const started = Date.now();
    const result = pollUntil(
      'the answer',
      async () => {
        asked.push(Date.now() - started);
        return asked.length === 9 ? 'found' : undefined;
      },
      60_000,
    );
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('found');
    expect(asked).toEqual([0, 100, 300, 700, 1_500, 3_100, 6_300, 11_300, 16_300]);
  });

  it('gives up, naming what it waited for, rather than wait past the deadline', async () => {
    const attempt = vi.fn(async () => undefined);
    const started = Date.now();
    const result = pollUntil('the answer', attempt, 1_000).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    expect(await result).toEqual(new WorkshopError('Gave up after 1 s waiting for the answer.'));
    // At 0, 100, 300 and 700 ms; the next, at 1,500 ms, would be past the deadline.
    expect(attempt).toHaveBeenCalledTimes(4);
    expect(Date.now() - started).toBe(700);
  });

  it('lets an error of the attempt through at once', async () => {
    const result = pollUntil(
      'the answer',
      async () => {
        throw new Error('refused');
      },
      1_000,
    );
    await expect(result).rejects.toThrow('refused');
  });
});

describe('waitWithProgress', () => {
  const written = () => {
    const chunks: string[] = [];
    const stream = { write: (chunk: string) => chunks.push(chunk) > 0 } as NodeJS.WritableStream;
    return { chunks, stream };
  };

  it('writes nothing for a wait under a second', async () => {
    const { chunks, stream } = written();
    const work = new Promise((resolve) => setTimeout(() => resolve('done'), 999));
    const waited = waitWithProgress('Waiting', work, stream);
    await vi.advanceTimersByTimeAsync(999);
    await expect(waited).resolves.toBe('done');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(chunks).toEqual([]);
  });

  it('writes the label after a second, a dot each second after, and the time at the end', async () => {
    const { chunks, stream } = written();
    const work = new Promise((resolve) => setTimeout(() => resolve('done'), 3_500));
    const waited = waitWithProgress('Waiting for echoTest', work, stream);
    await vi.advanceTimersByTimeAsync(3_500);
    await expect(waited).resolves.toBe('done');
    expect(chunks.join('')).toBe('Waiting for echoTest .... 4 s\n');
  });

  it('ends the line when the work fails', async () => {
    const { chunks, stream } = written();
    const work = new Promise((_, reject) => setTimeout(() => reject(new Error('no')), 1_500));
    const waited = waitWithProgress('Waiting', work, stream).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(await waited).toEqual(new Error('no'));
    expect(chunks.join('')).toBe('Waiting .. 2 s\n');
  });
});

describe('whenRoleReachesLambda', () => {
  const notReady = new Error('The role defined for the function cannot be assumed by Lambda.');
  const roleNotReady = (error: unknown) => error === notReady;

  it('sends the request again while the role is refused, and returns the answer', async () => {
    const request = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(notReady)
      .mockRejectedValueOnce(notReady)
      .mockResolvedValue('created');
    const result = whenRoleReachesLambda('the role', request, roleNotReady);
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('created');
    expect(request).toHaveBeenCalledTimes(3);
  });

  it("throws Lambda's last refusal once the role has had its time", async () => {
    const request = vi.fn<() => Promise<string>>().mockRejectedValue(notReady);
    const started = Date.now();
    const result = whenRoleReachesLambda('the role', request, roleNotReady).catch(
      (error: unknown) => error,
    );
    await vi.runAllTimersAsync();
    expect(await result).toBe(notReady);
    expect(Date.now() - started).toBeLessThanOrEqual(ROLE_PROPAGATION_MS);
  });

  it('throws any other error at once, even after a refusal of the role', async () => {
    const other = new Error('The runtime parameter of nodejs22.x is not supported.');
    const request = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(notReady)
      .mockRejectedValue(other);
    const result = whenRoleReachesLambda('the role', request, roleNotReady).catch(
      (error: unknown) => error,
    );
    await vi.runAllTimersAsync();
    expect(await result).toBe(other);
    expect(request).toHaveBeenCalledTimes(2);
  });
});
