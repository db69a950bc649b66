/**
 * `--target dev` on Redshift, through the local Data API endpoint: the developer's build goes into
 * their own schemas (alice_staging), next to production's relation of the same model, and reads
 * the raw tables every target shares.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../../lib/cli/cli-io.ts';
import { devEndpointCommand } from '../../lib/cli/commands/dev-endpoint-command.ts';
import { RedshiftDataEngine } from '../../lib/engines/redshift-data/redshift-data-engine.ts';
import { runCli } from './cli-harness.ts';

const work = mkdtempSync(join(tmpdir(), 'crm-dev-target-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

function writeProject(root: string): void {
  mkdirSync(join(root, 'sql', 'staging'), { recursive: true });
  writeFileSync(
    join(root, 'sql', 'project.yml'),
    'name: tiny\nvars: {}\nmodels:\n  staging: { schema: staging, materialized: view, tags: [staging] }\n  dimensions: { schema: analytics, materialized: table }\n  facts: { schema: analytics, materialized: table }\n  marts: { schema: marts, materialized: table }\n',
  );
  writeFileSync(
    join(root, 'sql', 'sources.yml'),
    'version: 2\nsources:\n  - name: crm\n    schema: raw\n    tables:\n      - name: deals\n        columns:\n          - { name: deal_id, data_type: varchar }\n',
  );
  writeFileSync(join(root, 'sql', 'staging', 'stg_deals.sql'), "select deal_id from {{ source('crm', 'deals') }}\n");
  writeFileSync(
    join(root, 'profiles.yml'),
    "targets:\n  dev:\n    engine: redshift\n    workgroup: local\n    database_name: dev\n    schema_prefix: '${USER}_'\n  prod:\n    engine: redshift\n    workgroup: local\n    database_name: dev\n",
  );
}

describe('--target dev on Redshift', () => {
  it("builds into the developer's own schemas, next to production's, reading the shared raw tables", async () => {
    const root = join(work, 'project');
    writeProject(root);
    const lines: string[] = [];
    const io: CliIo = { out: (line) => lines.push(line), err: (line) => lines.push(line), color: false };
    let stop: () => void = () => undefined;
    const serving = devEndpointCommand({ port: 0 }, io, new Promise<void>((resolve) => (stop = resolve)));
    try {
      await expect.poll(() => lines.find((line) => line.includes('listening at')), { timeout: 20_000 }).toBeDefined();
      const url = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(lines.join('\n'))?.[1] as string;
      const client = new RedshiftDataClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
      const engine = new RedshiftDataEngine({ workgroupName: 'local', database: 'dev', client });
      await engine.execute('create schema raw');
      await engine.execute("create table raw.deals as select 'D1'::varchar as deal_id");

      const production = await runCli(['run', '--project-dir', root, '--target', 'prod', '--data-api-endpoint', url]);
      expect(production.code, production.out + production.err).toBe(0);
      await engine.execute("insert into raw.deals values ('D2')");

      vi.stubEnv('USER', 'alice');
      const dev = await runCli(['run', '--project-dir', root, '--target', 'dev', '--data-api-endpoint', url]);
      expect(dev.code, dev.out + dev.err).toBe(0);
      expect(dev.out).toMatch(/created view model alice_staging\.stg_deals/);
      const schemas = await engine.query("select table_schema, table_name from information_schema.tables where table_name = 'stg_deals' order by 1");
      expect(schemas.map((row) => `${String(row.table_schema)}.${String(row.table_name)}`)).toEqual(['alice_staging.stg_deals', 'staging.stg_deals']);
      const [devRows] = await engine.query('select count(*) as n from alice_staging.stg_deals');
      expect(Number(devRows?.n)).toBe(2);
    } finally {
      stop();
      await serving;
    }
  }, 120_000);
});
