import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../lib/cli/cli-io.ts';
import { devEndpointCommand } from '../../lib/cli/commands/dev-endpoint-command.ts';
import { removeProjects, writeProject } from '../project/unit-test-project.ts';
import { runCli } from './cli-harness.ts';

afterAll(removeProjects);

const MODEL = `select
    cast('D1' as varchar(20)) as deal_id,
    cast({{ var('min_amount') }} + 12.5 as decimal(18,2)) as amount,
    cast(3 as integer) as stage_count,
    cast('2026-11-24' as date) as run_day
`;

function schema(amountType: string, extra = ''): string {
  return `version: 2
models:
  - name: contracted_deals
    config:
      contract: { enforced: true }
    columns:
      - { name: run_day, data_type: date }
      - { name: deal_id, data_type: varchar }
      - { name: amount, data_type: '${amountType}' }
      - { name: stage_count, data_type: int }
${extra}`;
}

/** A first build that keeps the contract is published; a second that breaks it is refused, and the first stays published. */
async function checkContract(root: string, targetOptions: readonly string[]): Promise<void> {
  const common = ['--project-dir', root, '--target-path', join(root, 'target'), ...targetOptions];
  const first = await runCli(['run', ...common, '--select', 'contracted_deals']);
  expect(first.err).toBe('');
  expect(first.code).toBe(0);

  await writeFile(join(root, 'sql/marts/contracted_deals.sql'), MODEL.replace('12.5 as decimal(18,2)', '99 as decimal(18,4)'));
  await writeFile(join(root, 'sql/marts/schema.yml'), schema('decimal(18,2)', '      - { name: closed_at, data_type: timestamp }\n'));
  const second = await runCli(['run', ...common, '--select', 'contracted_deals']);
  expect(second.code).toBe(1);
  expect(second.out).toContain(
    'contract of contracted_deals not met, not published: column amount is built as decimal(18,4), declared decimal(18,2); column closed_at is declared (timestamp) but not built',
  );

  const published = await runCli(['show', ...common, '--inline', "select amount from {{ ref('contracted_deals') }}", '--output', 'json']);
  expect(JSON.parse(published.out).show.map((row: { amount: unknown }) => Number(row.amount))).toEqual([12.5]);
  const staged = await runCli(['show', ...common, '--inline', "select count(*) as n from information_schema.tables where table_name = 'contracted_deals__wap'", '--output', 'json']);
  expect(Number(JSON.parse(staged.out).show[0].n)).toBe(0);
}

async function contractedProject(): Promise<string> {
  return writeProject({ 'sql/marts/contracted_deals.sql': MODEL, 'sql/marts/schema.yml': schema('numeric(18, 2)') });
}

describe('an enforced contract', () => {
  it.each(['duckdb', 'postgres'])('on %s: publishes a build with the declared columns in any order, and refuses one whose type or columns differ, keeping the published table', async (target) => {
    await checkContract(await contractedProject(), ['--target', target]);
  }, 60_000);

  it('on Redshift through the local Data API endpoint: the same', async () => {
    const lines: string[] = [];
    const io: CliIo = { out: (line) => lines.push(line), err: (line) => lines.push(line), color: false };
    let stop: () => void = () => undefined;
    const serving = devEndpointCommand({ port: 0 }, io, new Promise<void>((resolve) => (stop = resolve)));
    try {
      await expect.poll(() => lines.find((line) => line.includes('listening at')), { timeout: 20_000 }).toBeDefined();
      const url = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(lines.join('\n'))?.[1] as string;
      await checkContract(await contractedProject(), ['--target', 'redshift', '--workgroup', 'local', '--database-name', 'dev', '--data-api-endpoint', url]);
    } finally {
      stop();
      await serving;
    }
  }, 120_000);
});
