/**
 * The docs' form of a chain's sequence diagram (src/inspector/docs-sequence-diagram.ts), from
 * hop data as the recorder keeps it: the same text whatever the timing.
 */
import { describe, expect, it } from 'vitest';
import { collapseRepeats, docsSequenceDiagram } from '../src/inspector/docs-sequence-diagram.ts';
import type { CallHop, DeliveryHop, Hop, InvocationHop } from '../src/inspector/hops.ts';

const common = { chainId: 1, detail: {}, label: '', status: 'ok', durationMs: 5 } as const;

function call(
  id: number,
  startedAt: number,
  fields: Partial<CallHop> & Pick<CallHop, 'from' | 'to'>,
): CallHop {
  return {
    ...common,
    kind: 'call',
    id,
    startedAt,
    service: 'lambda',
    operation: 'Invoke',
    requestId: `r${id}`,
    httpStatus: 200,
    ...fields,
  };
}

function run(
  id: number,
  startedAt: number,
  fields: Partial<InvocationHop> & Pick<InvocationHop, 'to' | 'parentId' | 'invocationType'>,
): InvocationHop {
  return {
    ...common,
    kind: 'invocation',
    id,
    startedAt,
    functionName: fields.to,
    version: '$LATEST',
    requestId: `r${id}`,
    attempt: 1,
    cold: startedAt % 2 === 0,
    from: 'Lambda',
    ...fields,
  };
}

function delivery(
  id: number,
  startedAt: number,
  functionName: string,
  parentId: number,
): DeliveryHop {
  return {
    ...common,
    kind: 'delivery',
    id,
    parentId,
    startedAt,
    topic: 'testSns',
    functionName,
    attempt: 1,
    from: 'SNS',
    to: 'Lambda',
  };
}

/** The diagram's lines after `sequenceDiagram`, trimmed. */
function drawn(...chains: Hop[][]): string[] {
  const [first, ...lines] = docsSequenceDiagram(chains.map((hops) => ({ hops }))).split('\n');
  expect(first).toBe('sequenceDiagram');
  return lines.map((line) => line.trim());
}

describe("the docs' sequence diagram", () => {
  it('tells a synchronous call as its request, its callees, its answer, without times or cold starts', () => {
    const hops: Hop[] = [
      call(1, 1000, { from: 'You', to: 'Lambda', resource: 'caller', durationMs: 300 }),
      run(2, 1001, {
        to: 'caller',
        parentId: 1,
        invocationType: 'RequestResponse',
        durationMs: 298,
      }),
      call(3, 1100, { from: 'caller', to: 'Lambda', resource: 'echoTest', parentId: 2 }),
      run(4, 1101, { to: 'echoTest', parentId: 3, invocationType: 'RequestResponse' }),
      call(5, 1200, {
        from: 'caller',
        to: 'SNS',
        service: 'sns',
        operation: 'Publish',
        resource: 'testSns',
        parentId: 2,
        httpStatus: 403,
        errorCode: 'AuthorizationError',
      }),
    ];
    expect(drawn(hops)).toEqual([
      'participant p0 as You',
      'participant p1 as Lambda',
      'participant p2 as caller',
      'participant p3 as echoTest',
      'participant p4 as SNS',
      'p0->>p1: Invoke caller',
      'p1->>p2: run (sync)',
      'p2->>p1: Invoke echoTest',
      'p1->>p3: run (sync)',
      'p3-->>p1: ok',
      'p1-->>p2: 200',
      'p2->>p4: Publish testSns',
      'p4-->>p2: 403 AuthorizationError',
      'p2-->>p1: ok',
      'p1-->>p0: 200',
    ]);
  });

  it('tells a Publish to two subscribers as its answer, then each delivery, whichever started first', () => {
    const publish = call(1, 1000, {
      from: 'You',
      to: 'SNS',
      service: 'sns',
      operation: 'Publish',
      resource: 'testSns',
      durationMs: 50,
    });
    const live = delivery(2, 1010, 'echoTest:live', 1);
    const latest = {
      ...delivery(3, 1011, 'echoTest', 1),
      status: 'error',
      errorCode: 'AccessDeniedException',
    } as const;
    const liveRun = run(4, 1020, { to: 'echoTest', parentId: 2, invocationType: 'SNS' });
    const expected = [
      'participant p0 as You',
      'participant p1 as SNS',
      'participant p2 as Lambda',
      'participant p3 as echoTest',
      'p0->>p1: Publish testSns',
      'p1-->>p0: 200',
      'p1-)p2: Deliver to echoTest',
      'p2-->>p1: AccessDeniedException',
      'p1-)p2: Deliver to echoTest:live',
      'p2-->>p1: ok',
      'p2-)p3: run (SNS)',
      'p3-->>p2: ok',
    ];
    expect(drawn([publish, live, latest, liveRun])).toEqual(expected);
    const otherOrder = [
      publish,
      { ...latest, id: 2 },
      { ...live, id: 3 },
      { ...liveRun, parentId: 3 },
    ];
    expect(drawn(otherOrder)).toEqual(expected);
  });

  it("tells an Event invocation after the caller's answer, and its destination after it, under a retry", () => {
    const hops: Hop[] = [
      call(1, 1000, {
        from: 'You',
        to: 'Lambda',
        resource: 'worker',
        httpStatus: 202,
        durationMs: 1,
      }),
      run(2, 1000.5, {
        to: 'worker',
        parentId: 1,
        invocationType: 'Event',
        status: 'error',
        errorType: 'Error',
      }),
      run(3, 1100, { to: 'worker', parentId: 2, invocationType: 'Event', attempt: 2 }),
      // Started before its cause's answer in time: drawn after it all the same.
      run(4, 1101, { to: 'collector', parentId: 3, invocationType: 'Destination' }),
    ];
    expect(drawn(hops)).toEqual([
      'participant p0 as You',
      'participant p1 as Lambda',
      'participant p2 as worker',
      'participant p3 as collector',
      'p0->>p1: Invoke worker',
      'p1-->>p0: 202',
      'p1-)p2: run (Event)',
      'p2-->>p1: Error',
      'p1-)p2: run (Event), attempt 2',
      'p2-->>p1: ok',
      'p1-)p3: run (Destination)',
      'p3-->>p1: ok',
    ]);
  });

  it('draws three or more repeats in a row once, in a loop, and chains one after another', () => {
    const invoke = (id: number) => [
      call(id, id, { from: 'You', to: 'Lambda', resource: 'echoTest' }),
      run(id + 1, id + 1, { to: 'echoTest', parentId: id, invocationType: 'RequestResponse' }),
    ];
    const twice = drawn(invoke(1), invoke(3));
    expect(twice.filter((line) => line.startsWith('p0->>p1'))).toHaveLength(2);
    expect(twice).not.toContain('end');
    expect(drawn(invoke(1), invoke(3), invoke(5))).toEqual([
      'participant p0 as You',
      'participant p1 as Lambda',
      'participant p2 as echoTest',
      'loop 3 times',
      'p0->>p1: Invoke echoTest',
      'p1->>p2: run (sync)',
      'p2-->>p1: ok',
      'p1-->>p0: 200',
      'end',
    ]);
  });

  it('finds the repeat that covers most lines, and repeats within it', () => {
    const lines = ['a', ...Array(3).fill(['b', 'c', 'c', 'c']).flat(), 'd'];
    expect(collapseRepeats(lines, '')).toEqual([
      'a',
      'loop 3 times',
      '  b',
      '  loop 3 times',
      '    c',
      '  end',
      'end',
      'd',
    ]);
  });
});
