/** What the engine reports through Engine.onWarning during a run is in the run's result, and still reaches the handler set before. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { makePlan, openTestEngine, planModel, selectAll } from './plan-builder.ts';

describe('engine warnings during a run', () => {
  let engine: DuckDbEngine;
  beforeEach(async () => {
    engine = await openTestEngine();
  });
  afterEach(async () => {
    await engine.close();
  });

  it("are the run result's warnings, passed on to the handler set before, which is set again after", async () => {
    const before: string[] = [];
    const handler = (message: string): void => {
      before.push(message);
    };
    engine.onWarning = handler;
    // The model's build is the first transaction of the run: it "ran again alone".
    const transaction = engine.countedTransaction.bind(engine);
    let first = true;
    engine.countedTransaction = async (statements) => {
      if (first) engine.onWarning?.('ran again alone');
      first = false;
      return transaction(statements);
    };
    const plan = makePlan([planModel('fact_one', { sql: 'select 1 as one' })], []);

    const result = await executePlan(engine, plan, { mode: 'build', runId: 'r', ...selectAll(plan) });

    expect(result.success).toBe(true);
    expect(result.warnings).toEqual(['ran again alone']);
    expect(before).toEqual(['ran again alone']);
    expect(engine.onWarning).toBe(handler);
  });
});
