import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showTable } from '../../lib/cli/commands/show-table.ts';
import { runCli } from './cli-harness.ts';

// The real project, with raw loaded from the hand-checked fixture landing and only stg_crm_orders built.
const target = mkdtempSync(join(tmpdir(), 'crm-cli-show-'));
const landing = fileURLToPath(new URL('../fixtures/crm-landing', import.meta.url));
const common = ['--target-path', target, '--vars', '{run_date: 2026-03-10}'];

beforeAll(async () => {
  const built = await runCli(['build', ...common, '--landing', landing, '--select', 'stg_crm_orders']);
  expect(built.code, built.err).toBe(0);
}, 120_000);

afterAll(() => rmSync(target, { recursive: true, force: true }));

describe('show', () => {
  it("prints the model's rows as a table, at most --limit of them", async () => {
    const shown = await runCli(['show', ...common, '--select', 'stg_crm_orders', '--limit', '2']);
    expect(shown.err).toBe('');
    expect(shown.code).toBe(0);
    const lines = shown.out.split('\n');
    expect(lines[0]).toBe("Previewing node 'stg_crm_orders':");
    expect(lines[1]).toMatch(/^\| order_id +\| account_id +\| .*\|$/);
    expect(lines[2]).toMatch(/^\| -+ \| -+ \|/);
    expect(lines).toHaveLength(3 + 2);
  });

  it("runs the model's compiled query: a model not built yet is previewed from what it reads", async () => {
    const shown = await runCli(['show', ...common, '--select', 'stg_crm_products', '--limit', '50', '--output', 'json']);
    expect(shown.err).toBe('');
    const { node, show } = JSON.parse(shown.out) as { node: string; show: Record<string, unknown>[] };
    expect(node).toBe('stg_crm_products');
    expect(show.length).toBeGreaterThan(0);
    expect(show.every((row) => typeof row.product_id === 'string')).toBe(true);
  });

  it('runs an --inline query with ref() and var(), and prints JSON with --output json', async () => {
    const shown = await runCli([
      'show',
      ...common,
      '--inline',
      "select order_id, status, cast('{{ var(\"run_date\") }}' as date) as run_day from {{ ref('stg_crm_orders') }} where order_id = 'O2';",
      '--output',
      'json',
    ]);
    expect(shown.err).toBe('');
    expect(JSON.parse(shown.out)).toEqual({ node: 'inline', show: [{ order_id: 'O2', status: 'delivered', run_day: '2026-03-10' }] });
  });

  it('says so when the query returns no rows', async () => {
    const shown = await runCli(['show', ...common, '--inline', "select order_id from {{ ref('stg_crm_orders') }} where order_id = 'none'"]);
    expect(shown.out).toBe('Previewing inline node:\n(no rows)');
  });

  it.each([
    [['--select', 'stg_crm_order'], /--select: 'stg_crm_order' matches no model or test; did you mean 'stg_crm_orders'\?/],
    [['--select', 'stg_crm_orders+'], /show previews one model; --select stg_crm_orders\+ matched \d+: stg_crm_orders, /],
    [['--select', 'source:crm.orders'], /show previews a model; --select source:crm.orders matched no model \(it matched source\.crm\.orders, /],
    [[], /show needs --select MODEL or --inline 'select …'/],
    [['--select', 'stg_crm_orders', '--inline', 'select 1'], /show takes --select or --inline, not both/],
    [['--inline', "select * from {{ ref('stg_crm_order') }}"], /--inline:1: .*stg_crm_order/],
  ])('exits 2 naming the problem for %j', async (args, message) => {
    const shown = await runCli(['show', ...common, ...args]);
    expect(shown.code).toBe(2);
    expect(shown.err).toMatch(message);
  });

  // Commander exits on a bad option value before the action runs; the exit code (2, as for --threads) needs a process.
  it('refuses --limit 0 when parsing options', async () => {
    expect((await runCli(['show', ...common, '--select', 'stg_crm_orders', '--limit', '0'])).err).toMatch(/--limit takes a whole number of at least 1, got '0'/);
  });
});

describe('showTable', () => {
  it('pads columns to their widest cell, right-aligns numbers and leaves null empty', () => {
    expect(
      showTable([
        { name: 'Acme', amount: 12.5, note: null },
        { name: 'B', amount: 1000, note: 'two\nlines' },
      ]),
    ).toEqual([
      '| name | amount | note      |',
      '| ---- | ------ | --------- |',
      '| Acme |   12.5 |           |',
      '| B    |   1000 | two lines |',
    ]);
  });
});
