import { describe, expect, it } from 'vitest';
import { runInDependencyOrder } from '../../lib/runner/dag-scheduler.ts';
import type { ScheduledNode } from '../../lib/runner/dag-scheduler.ts';

const node = (id: string, ...upstream: string[]): ScheduledNode => ({ id, upstream });
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

/** Records what ran and was skipped; the nodes in `failing` report failure. */
function recorder(failing: readonly string[] = []) {
  const log: string[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  return {
    log,
    mostInFlight: () => mostInFlight,
    handlers: {
      async run(scheduled: ScheduledNode) {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        log.push(`start ${scheduled.id}`);
        await tick();
        log.push(`end ${scheduled.id}`);
        inFlight -= 1;
        return !failing.includes(scheduled.id);
      },
      async skip(scheduled: ScheduledNode, failedRoot: string) {
        log.push(`skip ${scheduled.id} (${failedRoot})`);
      },
    },
  };
}

describe('runInDependencyOrder', () => {
  it('starts ready nodes in list order up to the concurrency limit', async () => {
    const { log, handlers, mostInFlight } = recorder();

    await runInDependencyOrder([node('a'), node('b'), node('c'), node('d')], 2, handlers);

    expect(mostInFlight()).toBe(2);
    expect(log.slice(0, 2)).toEqual(['start a', 'start b']);
    expect(log.filter((line) => line.startsWith('start'))).toEqual(['start a', 'start b', 'start c', 'start d']);
  });

  it('starts a node only after all its upstream nodes ended', async () => {
    const { log, handlers } = recorder();

    await runInDependencyOrder([node('a'), node('b'), node('c', 'a', 'b')], 3, handlers);

    expect(log.indexOf('start c')).toBeGreaterThan(Math.max(log.indexOf('end a'), log.indexOf('end b')));
  });

  it('skips downstream nodes transitively, naming the node that failed first, and runs independent ones', async () => {
    const { log, handlers } = recorder(['a']);

    const outcomes = await runInDependencyOrder(
      [node('a'), node('x'), node('b', 'a'), node('c', 'b', 'x'), node('y', 'x')],
      2,
      handlers,
    );

    expect(log).toContain('skip b (a)');
    expect(log).toContain('skip c (a)');
    expect(log).toContain('end y');
    expect(Object.fromEntries(outcomes)).toEqual({
      a: { ok: false, failedRoot: 'a' },
      x: { ok: true },
      b: { ok: false, failedRoot: 'a' },
      c: { ok: false, failedRoot: 'a' },
      y: { ok: true },
    });
  });

  it('takes outcomes of an earlier phase as settled upstream', async () => {
    const { log, handlers } = recorder();

    await runInDependencyOrder([node('m', 'check'), node('n', 'fine')], 1, handlers, new Map([
      ['check', { ok: false, failedRoot: 'check' }],
      ['fine', { ok: true }],
    ]));

    expect(log).toEqual(['skip m (check)', 'start n', 'end n']);
  });

  it('resolves at once for an empty graph', async () => {
    const { handlers } = recorder();

    expect((await runInDependencyOrder([], 4, handlers)).size).toBe(0);
  });

  it('rejects a concurrency that is not a positive integer', async () => {
    const { handlers } = recorder();

    await expect(runInDependencyOrder([node('a')], 0, handlers)).rejects.toThrow('concurrency must be a positive integer, got 0');
  });

  it('rejects an upstream id that is neither a node nor settled', async () => {
    const { handlers } = recorder();

    await expect(runInDependencyOrder([node('a', 'ghost')], 1, handlers)).rejects.toThrow('unknown upstream nodes: a → ghost');
  });

  it('rejects a cycle after running what it could', async () => {
    const { log, handlers } = recorder();

    await expect(runInDependencyOrder([node('a'), node('b', 'c'), node('c', 'b')], 1, handlers)).rejects.toThrow(
      'dependency cycle among b, c',
    );
    expect(log).toEqual(['start a', 'end a']);
  });

  it('stops starting nodes when a handler throws, and rethrows once the nodes in flight are done', async () => {
    const log: string[] = [];
    const handlers = {
      async run(scheduled: ScheduledNode) {
        log.push(`start ${scheduled.id}`);
        if (scheduled.id === 'a') throw new Error('audit table gone');
        await tick();
        log.push(`end ${scheduled.id}`);
        return true;
      },
      async skip() {},
    };

    await expect(runInDependencyOrder([node('a'), node('b'), node('c')], 2, handlers)).rejects.toThrow('audit table gone');
    expect(log).toEqual(['start a', 'start b', 'end b']);
  });

  it('treats a handler that throws synchronously like one that rejects', async () => {
    const handlers = {
      run(): Promise<boolean> {
        throw new Error('thrown synchronously');
      },
      async skip() {},
    };

    await expect(runInDependencyOrder([node('a')], 1, handlers)).rejects.toThrow('thrown synchronously');
  });

  it('rejects when skipping a node throws', async () => {
    const handlers = {
      async run() {
        return false;
      },
      async skip(): Promise<void> {
        throw new Error('cannot record skip');
      },
    };

    await expect(runInDependencyOrder([node('a'), node('b', 'a')], 1, handlers)).rejects.toThrow('cannot record skip');
  });
});
