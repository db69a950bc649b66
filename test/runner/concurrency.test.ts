import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import type { RunEvent } from '../../lib/runner/run-events.ts';
import { makePlan, openTestEngine, planModel, rowTest, selectAll } from './plan-builder.ts';

describe('parallel execution on the engine', () => {
  let engine: DuckDbEngine;
  beforeEach(async () => {
    engine = await openTestEngine(2);
  });
  afterEach(async () => {
    await engine.close();
  });

  // Two chains and a diamond: a → b → d, a → c → d, e → f
  const plan = makePlan(
    [
      planModel('a', { sql: 'select range as id from range(2000)' }),
      planModel('e', { sql: 'select 1 as id' }),
      planModel('b', { sql: 'select * from analytics.a', upstream: ['a'] }),
      planModel('c', { sql: 'select * from analytics.a where id < 10', upstream: ['a'] }),
      planModel('f', { sql: 'select * from analytics.e', upstream: ['e'] }),
      planModel('d', { sql: 'select * from analytics.b union all select * from analytics.c', upstream: ['b', 'c'] }),
    ],
    [rowTest('unique_d', { on: 'd', failingWhere: 'false' }), rowTest('warn_d', { on: 'd', failingWhere: 'false', severity: 'warn' })],
  );

  it('never starts a node before its upstream finished, and keeps at most `concurrency` nodes in flight', async () => {
    const events: RunEvent[] = [];

    const result = await executePlan(engine, plan, { mode: 'build', runId: 'r', ...selectAll(plan), onEvent: (event) => events.push(event) });

    expect(result.success).toBe(true);
    const position = (kind: RunEvent['kind'], name: string): number =>
      events.findIndex((event) => event.kind === kind && event.node.name === name);
    const edges: [string, string][] = [['a', 'b'], ['a', 'c'], ['b', 'd'], ['c', 'd'], ['e', 'f'], ['d', 'warn_d']];
    for (const [upstream, downstream] of edges) {
      expect(position('finish', upstream)).toBeLessThan(position('start', downstream));
    }
    // The audit test runs inside d's build: after d starts, before d finishes.
    expect(position('start', 'd')).toBeLessThan(position('start', 'unique_d'));
    expect(position('finish', 'unique_d')).toBeLessThan(position('finish', 'd'));

    let modelsInFlight = 0;
    let mostInFlight = 0;
    for (const event of events.filter((candidate) => candidate.node.resourceType === 'model')) {
      modelsInFlight += event.kind === 'start' ? 1 : -1;
      mostInFlight = Math.max(mostInFlight, modelsInFlight);
    }
    expect(mostInFlight).toBe(engine.concurrency);
  });

  it('numbers events 1..total over the executed nodes', async () => {
    const events: RunEvent[] = [];

    await executePlan(engine, plan, { mode: 'build', runId: 'r', ...selectAll(plan), onEvent: (event) => events.push(event) });

    const finished = events.filter((event) => event.kind === 'finish');
    expect(finished.map((event) => event.index).sort((left, right) => left - right)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(events.map((event) => event.total))).toEqual(new Set([8]));
    for (const event of events.filter((candidate) => candidate.kind === 'start')) {
      expect(finished.find((done) => done.node.id === event.node.id)?.index).toBe(event.index);
    }
  });

  it('runs one node at a time on a single connection', async () => {
    await engine.close();
    engine = await openTestEngine(1);
    let inFlight = 0;
    let mostInFlight = 0;

    await executePlan(engine, plan, {
      mode: 'run',
      runId: 'r',
      ...selectAll(plan),
      onEvent: (event) => {
        if (event.node.resourceType !== 'model') return;
        inFlight += event.kind === 'start' ? 1 : -1;
        mostInFlight = Math.max(mostInFlight, inFlight);
      },
    });

    expect(mostInFlight).toBe(1);
  });
});
