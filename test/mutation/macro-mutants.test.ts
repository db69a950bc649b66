/**
 * Macros mutated: the tiny project's filter lives in a macro two models call, so a mutant of it is
 * judged by the tests of both callers; a macro no model calls is not mutated, and is named.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { macroFilesOf } from '../../lib/mutation/macro-files.ts';
import { buildBaseline } from '../../lib/mutation/mutation-baseline.ts';
import { executeMutant, type ExecutionContext } from '../../lib/mutation/mutant-execution.ts';
import type { Mutant } from '../../lib/mutation/mutant.ts';
import { reportText } from '../../lib/mutation/mutation-report.ts';
import { pickMutants, runMutation, type MutationRunResult } from '../../lib/mutation/mutation-run.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { tinySuite, writeTinyProject } from './tiny-project.ts';

const AT_LEAST = `{% macro at_least(column, floor) %}{{ column }} >= {{ floor }}{% endmacro %}\n`;

/**
 * The fixture has no deal of exactly 100 and the fact's unit test none either: only the mart's unit
 * test (a deal of 100 counts) tells `>=` from `>`.
 */
const CALLED_TWICE: Readonly<Record<string, string>> = {
  'sql/macros/at_least.sql': AT_LEAST,
  'sql/macros/unused.sql': `{% macro unused() %}select 1 as one where 1 = 1{% endmacro %}\n`,
  'sql/facts/fact_big_deals.sql': `select deal_id, amount\nfrom {{ source('crm', 'deals') }}\nwhere {{ at_least('amount', 100) }}\n`,
  'sql/marts/mart_big_deal_count.sql': `select count(*) as big_deals\nfrom {{ source('crm', 'deals') }}\nwhere {{ at_least('amount', 100) }}\n`,
  'sql/marts/schema.yml': `version: 2
models:
  - name: mart_big_deal_count
    columns:
      - { name: big_deals, data_type: bigint }
unit_tests:
  - name: mart_big_deal_count_counts_a_deal_of_exactly_100
    model: mart_big_deal_count
    given:
      - input: source('crm', 'deals')
        rows:
          - { deal_id: D1, amount: 100 }
          - { deal_id: D2, amount: 99 }
    expect:
      rows:
        - { big_deals: 1 }
`,
  'test/fixtures/crm-landing/raw/deals/ingest_date=2026-03-08/deals.csv': 'deal_id,amount\nA,50\nC,150\n',
};

let root: string;
let result: MutationRunResult;

beforeAll(async () => {
  root = await writeTinyProject(CALLED_TWICE);
  result = await runMutation({ suite: tinySuite(root), seed: 1, workers: 1, allowList: [], workDir: join(root, 'target/mutation/work') });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const macroVerdicts = (run: MutationRunResult): string[] =>
  run.judged.filter((each) => each.mutant.layer === 'macros').map((each) => `${each.mutant.path}:${each.mutant.original} → ${each.mutant.mutated}: ${each.verdict}: ${each.reason ?? ''}`);

describe('mutating macros', () => {
  it('judges a macro mutant by the unit tests of every model it changes, and scores macros as their own layer', () => {
    const verdicts = macroVerdicts(result);
    expect(verdicts).toHaveLength(2);
    expect(verdicts[0]).toMatch(/^sql\/macros\/at_least\.sql:>= → >: killed: unit test mart_big_deal_count_counts_a_deal_of_exactly_100: fail/);
    // `< 100` keeps the mart's count at 1 (the deal of 99), but drops the fact's only big deal.
    expect(verdicts[1]).toMatch(/^sql\/macros\/at_least\.sql:>= → <: killed: unit test fact_big_deals_drops_small_deals: fail/);
    expect(result.byLayer.macros).toMatchObject({ total: 2, killed: 2, score: 1 });
    expect(result.macroFiles).toEqual(['sql/macros/at_least.sql']);
  });

  it('leaves out a macro file no model of the plan calls, and names it', () => {
    expect(result.outsidePlan).toEqual(['sql/macros/unused.sql']);
    expect(result.judged.filter((each) => each.mutant.path === 'sql/macros/unused.sql')).toEqual([]);
    const report = reportText(result);
    expect(report).toContain("Not mutated, outside the fixture's plan: sql/macros/unused.sql");
    expect(report).toMatch(/Models: 2; macro files: 1; mutants: /);
    expect(report).toMatch(/ {2}macros +100\.0% \(killed 2,/);
  });

  it('selects macro files with a path:sql/macros selector, alone or with models', async () => {
    const project = await loadProject(root);
    const options = { suite: tinySuite(root), seed: 1 };
    const macrosOnly = await pickMutants(project, { ...options, select: ['path:sql/macros/at_least.sql'] });
    expect(macrosOnly.models).toEqual([]);
    expect(new Set(macrosOnly.picked.map((mutant) => mutant.path))).toEqual(new Set(['sql/macros/at_least.sql']));
    const modelsOnly = await pickMutants(project, { ...options, select: ['fact_big_deals'] });
    expect(modelsOnly).toMatchObject({ models: ['fact_big_deals'], macroFiles: [] });
    await expect(pickMutants(project, { ...options, select: ['path:sql/macros/unused.sql'] })).rejects.toThrow(
      "--select path:sql/macros/unused.sql selects no model and no macro file the fixture's plan calls",
    );
  });
});

describe('running one macro mutant', () => {
  let context: ExecutionContext;
  let engine: DuckDbEngine;

  beforeAll(async () => {
    const project = await loadProject(root);
    const baseline = await buildBaseline(project, tinySuite(root), join(root, 'one'));
    engine = await DuckDbEngine.open({ path: ':memory:', threads: 1, concurrency: 1 });
    context = { project, macroFiles: await macroFilesOf(project), vars: {}, baseline, unitTestEngine: engine, workDir: join(root, 'one'), worker: 0 };
  });

  afterAll(async () => {
    await engine?.close();
  });

  const macroMutant = (path: string, original: string, mutated: string): Mutant => {
    const file = context.macroFiles.find((each) => each.path === path);
    const start = file?.rawSql.indexOf(original) ?? -1;
    if (start < 0) throw new Error(`${original} not in ${path}`);
    return { id: `${path}:${mutated}`, model: 'm', layer: 'macros', path, line: 1, column: start + 1, operator: 'comparison', start, end: start + original.length, original, mutated };
  };

  it('calls a macro mutant whose body no longer parses invalid, naming the macro file', async () => {
    const outcome = await executeMutant(macroMutant('sql/macros/at_least.sql', '>=', '{{ nope( }}'), context);
    expect(outcome.status).toBe('invalid');
    expect(outcome.reason).toContain('sql/macros/at_least.sql');
  });

  it('lets a mutant of a macro no model calls survive, saying that no compiled model changed', async () => {
    expect(await executeMutant(macroMutant('sql/macros/unused.sql', '=', '<>'), context)).toMatchObject({
      status: 'survived',
      reason: "no model of the fixture's plan compiles differently",
    });
  });

  it('rejects a macro mutant of a file it was not given, naming the file', async () => {
    await expect(executeMutant(macroMutant('sql/macros/at_least.sql', '>=', '>'), { ...context, macroFiles: [] })).rejects.toThrow(
      'sql/macros/at_least.sql: not a macro file of the project',
    );
  });
});
