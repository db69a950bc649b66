import { describe, expect, it } from 'vitest';
import { decideBuild, incrementalStateInsert, incrementalStateQuery, pendingStateStatements, publishPendingStateStatements, rawSourcesOf, recordedStates, type BuildInputs, type RecordedState } from '../../lib/publish/incremental-state.ts';
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
const fingerprint = history.logicFingerprint ?? '';
const recorded: RecordedState = { runDate: '2026-11-21', relanded: null, logicFingerprint: fingerprint };

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
    expect(reason({ state: { ...recorded, relanded: 'raw.deals day 2026-11-19' } })).toBe('full: raw.deals day 2026-11-19 re-landed since the last build');
  });

  it("builds the whole table when the model's logic changed since the last build, or the last build recorded none", () => {
    const inputs: BuildInputs = { published: 'table', fullRefresh: false, state: recorded, runDate: '2026-11-22' };
    const changed = "full: the model's logic changed since the last build (its SQL, a var or a macro it reads, or a model it reads)";
    expect(decideBuild(history, { ...inputs, state: { ...recorded, logicFingerprint: 'f'.repeat(64) } })).toEqual({ kind: 'table', reason: changed });
    expect(decideBuild(history, { ...inputs, state: { ...recorded, logicFingerprint: null } }).reason).toBe(changed);
    // A plan whose model has no fingerprint cannot show its logic is the one recorded either.
    expect(decideBuild({ ...history, logicFingerprint: undefined }, inputs).reason).toBe(changed);
  });

  it('keeps building increments of a changed model whose on_schema_change evolves the table in place', () => {
    // append_new_columns / sync_all_columns: the user chose to change the table without rebuilding it (dbt's
    // answer for tables too large to rebuild), so the increment's columns are reconciled, not the whole table.
    const inputs: BuildInputs = { published: 'table', fullRefresh: false, state: { ...recorded, logicFingerprint: 'f'.repeat(64) }, runDate: '2026-11-22' };
    for (const mode of ['append_new_columns', 'sync_all_columns'] as const) {
      const evolving = { ...history, config: { ...history.config, onSchemaChange: mode } };
      expect(decideBuild(evolving, inputs)).toEqual({
        kind: 'increment',
        reason: `increment: the model changed since the last build; on_schema_change ${mode} evolves the table in place`,
      });
      // A re-landed day or an earlier run date still rebuilds it whole.
      expect(decideBuild(evolving, { ...inputs, runDate: '2026-11-20' }).kind).toBe('table');
    }
    for (const mode of ['fail', 'ignore'] as const) {
      expect(decideBuild({ ...history, config: { ...history.config, onSchemaChange: mode } }, inputs).kind).toBe('table');
    }
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
    expect(recordedStates(plan, [{ model_id: history.id, run_date: '2026-11-21', relanded: '2026-11-19 deal_stage_changes', logic_fingerprint: fingerprint }])).toEqual({
      [history.id]: { runDate: '2026-11-21', relanded: 'raw.deal_stage_changes day 2026-11-19', logicFingerprint: fingerprint },
    });
    expect(recordedStates(plan, [{ model_id: history.id, run_date: '2026-11-21', relanded: null, logic_fingerprint: null }])[history.id]?.logicFingerprint).toBeNull();
  });

  it("reads the latest build's logic fingerprint, with or without raw tables upstream", () => {
    expect(incrementalStateQuery(plan, [history], 'redshift')).toMatch(/as relanded, latest\.logic_fingerprint\n {2}from \(select run_date, loaded_through, ingest_through, logic_fingerprint,[\s\S]*group by latest\.run_date, latest\.logic_fingerprint$/);
    const alone = makePlan([planModel('fact_alone', { sql: 'select 1', materialized: 'incremental' })]);
    expect(incrementalStateQuery(alone, alone.models, 'redshift')).toContain("as relanded, latest.logic_fingerprint\n  from (select run_date, loaded_through, ingest_through, logic_fingerprint,");
    expect(incrementalStateQuery(plan, [], 'redshift')).toContain('cast(null as varchar(64)) as logic_fingerprint where 1 = 0');
  });

  it('records the fingerprint the model was built with, in the state row, the pending row and the copy Publish makes', () => {
    const record = { runId: 'r1', runDate: '2026-11-22', fullRefresh: false, recordedAt: new Date('2026-11-23T02:00:00Z') };
    expect(incrementalStateInsert(plan, history, 'duckdb', record)).toMatch(
      new RegExp(`^insert into audit\\.incremental_state \\(model_id, run_id, run_date, loaded_through, ingest_through, full_refresh, recorded_at, logic_fingerprint\\)\nselect 'model\\.crm\\.fact_history', .*, '${fingerprint}'\n`),
    );
    expect(incrementalStateInsert(plan, { ...history, logicFingerprint: undefined }, 'duckdb', record)).toContain(", cast(null as varchar(64))\n  from");
    const [table, , insert] = pendingStateStatements(plan, 'r1', [{ model: history, record }]);
    expect(table).toMatch(/recorded_at timestamp not null,\n\s+logic_fingerprint varchar\(64\)\n\s+\)$/);
    expect(insert).toMatch(/^insert into audit\.incremental_state_pending \(.*, logic_fingerprint\)/);
    expect(insert).toContain(`'${fingerprint}'`);
    expect(publishPendingStateStatements('r1')[0]).toBe(
      "insert into audit.incremental_state (model_id, run_id, run_date, loaded_through, ingest_through, full_refresh, recorded_at, logic_fingerprint)\nselect model_id, run_id, run_date, loaded_through, ingest_through, full_refresh, recorded_at, logic_fingerprint from audit.incremental_state_pending where run_id = 'r1'",
    );
  });
});
