import { describe, expect, it } from 'vitest';
import { ConsoleReporter } from '../../lib/runner/console-reporter.ts';
import type { EventNode, RunEvent } from '../../lib/runner/run-events.ts';
import { countResults } from '../../lib/runner/run-result.ts';
import type { NodeResult, RunResult } from '../../lib/runner/run-result.ts';

const factDeals: EventNode = {
  id: 'model.crm.fact_deals',
  name: 'fact_deals',
  resourceType: 'model',
  materialized: 'table',
  relation: 'analytics.fact_deals',
};
const stgDeals: EventNode = { id: 'model.crm.stg_deals', name: 'stg_deals', resourceType: 'model', materialized: 'view', relation: 'staging.stg_deals' };
const relationshipsTest: EventNode = { id: 'test.crm.rel', name: 'relationships_fact_deals_account_id', resourceType: 'test' };

function reporter(color = false) {
  const lines: string[] = [];
  return { lines, reporter: new ConsoleReporter({ write: (line) => lines.push(line), color }) };
}

function lineFor(event: RunEvent, color = false): string {
  const { lines, reporter: console } = reporter(color);
  console.onEvent(event);
  expect(lines).toHaveLength(1);
  return lines[0] ?? '';
}

/** The line as dbt pads it: dots fill up to column 80, then the status in brackets. */
function padded(text: string, bracket: string): string {
  return `${text} ${'.'.repeat(80 - text.length - 1)} [${bracket}]`;
}

describe('ConsoleReporter lines', () => {
  it('announces a node starting', () => {
    expect(lineFor({ kind: 'start', index: 12, total: 40, node: factDeals })).toBe(
      padded('12 of 40 START table model analytics.fact_deals', 'RUN'),
    );
  });

  it('reports a created table with its rows', () => {
    const line = lineFor({ kind: 'finish', index: 12, total: 40, node: factDeals, status: 'success', rows: 1234, seconds: 0.213 });

    expect(line).toBe(padded('12 of 40 OK created table model analytics.fact_deals', 'OK 1,234 rows in 0.21s'));
    expect(line.indexOf('[')).toBe(81);
  });

  it('says how an incremental model was built', () => {
    const incremental: EventNode = { ...factDeals, materialized: 'incremental' };
    const line = lineFor({ kind: 'finish', index: 12, total: 40, node: incremental, status: 'success', rows: 12, seconds: 0.5, message: 'full: --full-refresh' });

    expect(line).toBe('12 of 40 OK created incremental model analytics.fact_deals (full: --full-refresh) ... [OK 12 rows in 0.50s]');
  });

  it('reports a created view without rows', () => {
    expect(lineFor({ kind: 'finish', index: 1, total: 2, node: stgDeals, status: 'success', rows: null, seconds: 0.02 })).toBe(
      padded('1 of 2 OK created view model staging.stg_deals', 'OK in 0.02s'),
    );
  });

  it('reports a failed model', () => {
    expect(lineFor({ kind: 'finish', index: 14, total: 40, node: factDeals, status: 'error', seconds: 0.1, message: 'boom' })).toBe(
      padded('14 of 40 ERROR creating table model analytics.fact_deals', 'ERROR in 0.10s'),
    );
  });

  it('reports a seed as dbt does: a seed file loaded, or failing to load', () => {
    const seed: EventNode = { id: 'seed.crm.country_regions', name: 'country_regions', resourceType: 'model', materialized: 'table', relation: 'seeds.country_regions' };

    expect(lineFor({ kind: 'start', index: 1, total: 40, node: seed })).toBe(padded('1 of 40 START seed file seeds.country_regions', 'RUN'));
    expect(lineFor({ kind: 'finish', index: 1, total: 40, node: seed, status: 'success', rows: 12, seconds: 0.05 })).toBe(
      padded('1 of 40 OK loaded seed file seeds.country_regions', 'OK 12 rows in 0.05s'),
    );
    expect(lineFor({ kind: 'finish', index: 1, total: 40, node: seed, status: 'error', seconds: 0.05, message: 'bad row' })).toBe(
      padded('1 of 40 ERROR loading seed file seeds.country_regions', 'ERROR in 0.05s'),
    );
    const { lines, reporter: console } = reporter();
    console.summary(runResult([nodeResult(seed, { status: 'error', seconds: 0.05, message: 'bad row' }), nodeResult(factDeals, { status: 'success' })]));
    expect(lines).toContain('Finished running 1 seed, 1 table model in 1.50s.');
    expect(lines).toContain('ERROR loading seed file seeds.country_regions');
  });

  it('reports a skipped model with the failed upstream', () => {
    expect(
      lineFor({ kind: 'finish', index: 15, total: 40, node: factDeals, status: 'skipped', message: 'upstream staging.stg_deals failed' }),
    ).toBe('15 of 40 SKIP relation analytics.fact_deals (upstream staging.stg_deals failed)');
  });

  it('reports tests by status, with failing row counts for warn and fail', () => {
    const finish = (status: RunEvent['status'], failures: number): string =>
      lineFor({ kind: 'finish', index: 13, total: 40, node: relationshipsTest, status, failures, seconds: 0.03 });

    expect(finish('pass', 0)).toBe(padded('13 of 40 PASS relationships_fact_deals_account_id', 'PASS in 0.03s'));
    expect(finish('warn', 12)).toBe(padded('13 of 40 WARN 12 relationships_fact_deals_account_id', 'WARN 12 in 0.03s'));
    expect(finish('fail', 3)).toBe(padded('13 of 40 FAIL 3 relationships_fact_deals_account_id', 'FAIL 3 in 0.03s'));
    expect(finish('error', 0)).toBe(padded('13 of 40 ERROR relationships_fact_deals_account_id', 'ERROR in 0.03s'));
    expect(finish('skipped', 0)).toBe('13 of 40 SKIP test relationships_fact_deals_account_id (upstream failed)');
  });

  it('keeps at least a few dots after a long name', () => {
    const long: EventNode = { ...relationshipsTest, name: 'x'.repeat(100) };

    expect(lineFor({ kind: 'finish', index: 1, total: 1, node: long, status: 'pass', seconds: 0 })).toMatch(/x \.\.\. \[PASS in 0\.00s\]$/);
  });

  it('prints no START line for a test, whose finish line follows within milliseconds', () => {
    const { lines, reporter: console } = reporter(false);
    console.onEvent({ kind: 'start', index: 1, total: 1, node: relationshipsTest });
    expect(lines).toEqual([]);
  });

  it('colours status words only when asked to', () => {
    const event: RunEvent = { kind: 'finish', index: 1, total: 1, node: relationshipsTest, status: 'warn', failures: 2, seconds: 0 };

    expect(lineFor(event)).not.toContain('\u001b[');
    const coloured = lineFor(event, true);
    expect(coloured).toContain('\u001b[33mWARN 2\u001b[0m relationships');
    expect(coloured).toContain('[\u001b[33mWARN 2 in 0.00s\u001b[0m]');
    // Colour codes do not count towards the padding.
    expect(coloured.replaceAll('\u001b[33m', '').replaceAll('\u001b[0m', '')).toBe(lineFor(event));
  });
});

const at = new Date(0);
function nodeResult(node: EventNode, fields: Partial<NodeResult> & Pick<NodeResult, 'status'>): NodeResult {
  return { ...node, index: 1, seconds: 0, rows: null, startedAt: at, completedAt: at, ...fields };
}

function runResult(results: NodeResult[], warnings: readonly string[] = []): RunResult {
  const counts = countResults(results);
  return {
    runId: 'r',
    mode: 'build',
    results,
    counts,
    slowest: results
      .filter((node) => node.resourceType === 'model' && node.status !== 'skipped')
      .map((node) => ({ id: node.id, name: node.name, relation: node.relation ?? '', seconds: node.seconds })),
    elapsedSeconds: 1.5,
    success: counts.error === 0,
    warnings,
  };
}

describe('ConsoleReporter summary', () => {
  it('names the slowest models, each problem with its message, and the tally', () => {
    const { lines, reporter: console } = reporter();

    console.summary(
      runResult([
        nodeResult(factDeals, { status: 'error', seconds: 2.5, message: 'Catalog Error:\nTable x does not exist' }),
        nodeResult(stgDeals, { status: 'success', seconds: 0.25 }),
        nodeResult(relationshipsTest, { status: 'warn', failures: 12, message: 'Got 12 results, configured to warn if != 0' }),
        nodeResult({ ...factDeals, id: 'model.crm.mart', name: 'mart', relation: 'marts.mart' }, { status: 'skipped' }),
      ]),
    );

    expect(lines).toEqual([
      '',
      'Finished running 2 table models, 1 view model, 1 test in 1.50s.',
      'Slowest models:',
      '  analytics.fact_deals  2.50s',
      '  staging.stg_deals     0.25s',
      '',
      'Completed with 1 error and 1 warning:',
      '',
      'ERROR creating table model analytics.fact_deals',
      '  Catalog Error:',
      '  Table x does not exist',
      '',
      'WARN 12 test relationships_fact_deals_account_id',
      '  Got 12 results, configured to warn if != 0',
      '',
      'Done. PASS=1 WARN=1 ERROR=1 SKIP=1 TOTAL=4',
    ]);
  });

  it('says so when everything passed, and names a failing or erroring test', () => {
    const passed = reporter();
    passed.reporter.summary(runResult([nodeResult(relationshipsTest, { status: 'pass' })]));
    expect(passed.lines).toEqual(['', 'Finished running 1 test in 1.50s.', '', 'Completed successfully', '', 'Done. PASS=1 WARN=0 ERROR=0 SKIP=0 TOTAL=1']);

    const failed = reporter();
    failed.reporter.summary(
      runResult([
        nodeResult(relationshipsTest, { status: 'fail', failures: 3, message: 'Got 3 results, configured to fail if != 0' }),
        nodeResult({ ...relationshipsTest, name: 'broken' }, { status: 'error', message: 'no such table' }),
      ]),
    );
    expect(failed.lines).toContain('Completed with 2 errors:');
    expect(failed.lines).toContain('FAIL 3 test relationships_fact_deals_account_id');
    expect(failed.lines).toContain('ERROR test broken');
    expect(failed.lines).toContain('  no such table');
  });

  it('names what the engine had to do again, beside a run that passed', () => {
    const { lines, reporter: console } = reporter();

    console.summary(runResult([nodeResult(relationshipsTest, { status: 'pass' })], ['ran out of memory beside other statements, so it ran again alone: create table x']));

    expect(lines.slice(0, 5)).toEqual(['', 'Finished running 1 test in 1.50s.', 'Warnings:', '  ran out of memory beside other statements, so it ran again alone: create table x', '']);
    expect(lines).toContain('Completed successfully');
  });

  it('reports an empty run', () => {
    const { lines, reporter: console } = reporter();

    console.summary(runResult([]));

    expect(lines[1]).toBe('Finished running nothing in 1.50s.');
    expect(lines.at(-1)).toBe('Done. PASS=0 WARN=0 ERROR=0 SKIP=0 TOTAL=0');
  });
});
