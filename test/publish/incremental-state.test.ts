import { describe, expect, it } from 'vitest';
import { decideBuild, incrementalStateQuery, rawSourcesOf, recordedStates, type BuildInputs, type RecordedState } from '../../lib/publish/incremental-state.ts';
import { makePlan, planModel, rawSource } from '../runner/plan-builder.ts';

const plan = makePlan(
  [
    planModel('stg_deals', { sql: 'select 1', materialized: 'view', sources: ['deals'] }),
    planModel('stg_changes', { sql: 'select 1', materialized: 'view', sources: ['deal_stage_changes'] }),
    planModel('fact_history', { sql: 'select 1', materialized: 'incremental', uniqueKey: ['deal_id'], upstream: ['stg_deals', 'stg_changes'] }),
    planModel('fact_plain', { sql: 'select 1' }),
  ],
  [],
  [rawSource('deals'), rawSource('deal_stage_changes'), rawSource('accounts')],
);
const history = plan.models[2]!;
const recorded: RecordedState = { runDate: '2026-11-21', relanded: null };

describe('the increment-or-full decision', () => {
  it('builds an increment only when every condition holds', () => {
    expect(decideBuild(history, { published: 'table', fullRefresh: false, state: recorded, runDate: '2026-11-22' })).toEqual({
      kind: 'increment',
      reason: 'increment: rows landed since the last build',
    });
  });

  it('names why it builds the whole table', () => {
    const inputs: BuildInputs = { published: 'table', fullRefresh: false, state: recorded, runDate: '2026-11-22' };
    const reason = (changes: Partial<BuildInputs>) => decideBuild(history, { ...inputs, ...changes }).reason;
    // --full-refresh comes first: the pipeline does not ask what is published on a full refresh.
    expect(reason({ fullRefresh: true, published: undefined })).toBe('full: --full-refresh');
    expect(reason({ published: undefined })).toBe('full: not published yet');
    expect(reason({ published: 'view' })).toBe('full: the published analytics.fact_history is a view');
    expect(reason({ state: undefined })).toBe('full: no incremental build of it is recorded');
    expect(reason({ runDate: '2026-11-20' })).toBe("full: run date 2026-11-20 is before the last build's 2026-11-21");
    expect(reason({ state: { runDate: '2026-11-21', relanded: 'raw.deals day 2026-11-19' } })).toBe('full: raw.deals day 2026-11-19 re-landed since the last build');
  });

  it('gives views and tables no reason', () => {
    expect(decideBuild(plan.models[0]!, { published: 'view', fullRefresh: false, state: undefined, runDate: undefined })).toEqual({ kind: 'view' });
    expect(decideBuild(plan.models[3]!, { published: 'table', fullRefresh: false, state: undefined, runDate: undefined })).toEqual({ kind: 'table' });
  });
});

describe('the recorded state', () => {
  it('covers the raw tables read through upstream models, and nothing else', () => {
    expect(rawSourcesOf(plan, history).map((source) => source.tableName)).toEqual(['deals', 'deal_stage_changes']);
    expect(incrementalStateQuery(plan, [history], 'redshift')).toContain("relanded.table_name in ('deals', 'deal_stage_changes')");
  });

  it('reads a re-landed day as the raw relation and the day', () => {
    expect(recordedStates(plan, [{ model_id: history.id, run_date: '2026-11-21', relanded: '2026-11-19 deal_stage_changes' }])).toEqual({
      [history.id]: { runDate: '2026-11-21', relanded: 'raw.deal_stage_changes day 2026-11-19' },
    });
  });
});
