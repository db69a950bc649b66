import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../lib/cli/cli-io.ts';
import { devEndpointCommand } from '../../lib/cli/commands/dev-endpoint-command.ts';
import { runCli } from '../cli/cli-harness.ts';
import { removeProjects, writeProject } from '../project/unit-test-project.ts';

afterAll(removeProjects);

const STAGES = `stage,stage_order,probability_pct,is_closed,label
prospecting,1,10.0,false,"Prospecting, early"
qualification,2,25.5,false,
closed_won,5,100,true,Won
`;

const PROPERTIES = `version: 2
seeds:
  - name: deal_stages
    description: The pipeline's stages.
    config:
      column_types: { stage_order: bigint }
    columns:
      - name: stage
        tests: [unique, not_null]
`;

const REPORT = `select stage, stage_order, probability_pct from {{ ref('deal_stages') }} where not is_closed\n`;

async function seededProject(): Promise<string> {
  return writeProject({ 'sql/seeds/deal_stages.csv': STAGES, 'sql/seeds/deal_stages.yml': PROPERTIES, 'sql/marts/open_stages.sql': REPORT });
}

async function rows(common: readonly string[], sql: string): Promise<Record<string, unknown>[]> {
  const shown = await runCli(['show', ...common, '--inline', sql, '--limit', '10000', '--output', 'json']);
  expect(shown.err).toBe('');
  return (JSON.parse(shown.out) as { show: Record<string, unknown>[] }).show;
}

/** Seeds, then a model reading the seed; a seed whose test fails replaces nothing. */
async function checkSeeds(root: string, targetOptions: readonly string[]): Promise<void> {
  const common = ['--project-dir', root, '--target-path', join(root, 'target'), ...targetOptions];
  const seeded = await runCli(['seed', ...common]);
  expect(seeded.err).toBe('');
  expect(seeded.code).toBe(0);
  expect(seeded.out).toMatch(/OK loaded seed file seeds\.deal_stages/);
  expect(seeded.out).not.toMatch(/open_stages/);
  expect(await rows(common, "select stage, stage_order, probability_pct, is_closed, label from {{ ref('deal_stages') }} order by stage_order")).toEqual([
    { stage: 'prospecting', stage_order: 1, probability_pct: expect.anything(), is_closed: false, label: 'Prospecting, early' },
    { stage: 'qualification', stage_order: 2, probability_pct: expect.anything(), is_closed: false, label: null },
    { stage: 'closed_won', stage_order: 5, probability_pct: expect.anything(), is_closed: true, label: 'Won' },
  ]);
  const types = await rows(common, "select column_name, data_type, numeric_precision, numeric_scale from information_schema.columns where table_schema = 'seeds' and table_name = 'deal_stages' order by ordinal_position");
  expect(types.map((row) => [row.column_name, String(row.data_type).toLowerCase().replace(/\(.*/, ''), row.numeric_scale])).toEqual([
    ['stage', expect.stringMatching(/^(varchar|character varying)$/), null],
    ['stage_order', 'bigint', expect.anything()],
    ['probability_pct', expect.stringMatching(/^(decimal|numeric)$/), 1],
    ['is_closed', 'boolean', null],
    ['label', expect.stringMatching(/^(varchar|character varying)$/), null],
  ]);

  const shown = await runCli(['show', ...common, '--select', 'deal_stages', '--output', 'json']);
  expect((JSON.parse(shown.out) as { show: { stage: string }[] }).show.map((row) => row.stage).sort()).toEqual(['closed_won', 'prospecting', 'qualification']);

  const built = await runCli(['run', ...common, '--select', 'deal_stages+']);
  expect(built.code).toBe(0);
  expect((await rows(common, "select stage from {{ ref('open_stages') }} order by stage")).map((row) => row.stage)).toEqual(['prospecting', 'qualification']);

  await writeFile(join(root, 'sql/seeds/deal_stages.csv'), `${STAGES}closed_won,6,100,true,Again\n`);
  const duplicated = await runCli(['seed', ...common]);
  expect(duplicated.code).toBe(1);
  expect(duplicated.out).toMatch(/unique_deal_stages_stage/);
  expect(await rows(common, "select count(*) as n from {{ ref('deal_stages') }}")).toEqual([{ n: 3 }]);
}

describe('seeds', () => {
  it.each(['duckdb', 'postgres'])('on %s: seed loads the typed rows, ref() reads them, a failing test replaces nothing', async (target) => {
    await checkSeeds(await seededProject(), ['--target', target]);
  }, 90_000);

  it('on Redshift through the local Data API endpoint: the same, and a seed over 100 KB goes in several inserts', async () => {
    const lines: string[] = [];
    const io: CliIo = { out: (line) => lines.push(line), err: (line) => lines.push(line), color: false };
    let stop: () => void = () => undefined;
    const serving = devEndpointCommand({ port: 0 }, io, new Promise<void>((resolve) => (stop = resolve)));
    try {
      await expect.poll(() => lines.find((line) => line.includes('listening at')), { timeout: 20_000 }).toBeDefined();
      const url = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(lines.join('\n'))?.[1] as string;
      const redshift = ['--target', 'redshift', '--workgroup', 'local', '--database-name', 'dev', '--data-api-endpoint', url];
      await checkSeeds(await seededProject(), redshift);

      const big = ['code,name', ...Array.from({ length: 3000 }, (_, index) => `C${index},${'a name long enough to take some room '.repeat(1)}${index}`)].join('\n');
      const root = await writeProject({ 'sql/seeds/big_codes.csv': `${big}\n` });
      const common = ['--project-dir', root, '--target-path', join(root, 'target'), ...redshift];
      const seeded = await runCli(['seed', ...common, '--debug']);
      expect(seeded.code).toBe(0);
      expect(seeded.err.match(/insert into "seeds"\."big_codes__wap"/g)?.length).toBeGreaterThan(1);
      expect(await rows(common, "select count(*) as n, count(distinct code) as codes from {{ ref('big_codes') }}")).toEqual([{ n: 3000, codes: 3000 }]);
    } finally {
      stop();
      await serving;
    }
  }, 180_000);
});
