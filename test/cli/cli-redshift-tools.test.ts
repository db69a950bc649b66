import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecuteStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../lib/cli/cli-io.ts';
import { devEndpointCommand } from '../../lib/cli/commands/dev-endpoint-command.ts';
import { runCli } from './cli-harness.ts';

const work = mkdtempSync(join(tmpdir(), 'crm-cli-redshift-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function writeProject(root: string, modelSql: string): void {
  mkdirSync(join(root, 'sql', 'staging'), { recursive: true });
  writeFileSync(join(root, 'sql', 'project.yml'), [
      'name: tiny',
      'vars: {}',
      'models:',
      '  staging: { schema: staging, materialized: view, tags: [staging] }',
      '  dimensions: { schema: analytics, materialized: table, tags: [dimension] }',
      '  facts: { schema: analytics, materialized: table, tags: [fact] }',
      '  marts: { schema: marts, materialized: table, tags: [mart] }',
      '',
    ].join('\n'));
  writeFileSync(
    join(root, 'sql', 'sources.yml'),
    'version: 2\nsources:\n  - name: crm\n    schema: raw\n    tables:\n      - name: deals\n        columns:\n          - { name: deal_id, data_type: varchar }\n          - { name: amount, data_type: "decimal(18,2)" }\n',
  );
  writeFileSync(join(root, 'sql', 'staging', 'stg_deals.sql'), modelSql);
}

describe('crm-warehouse lint', () => {
  it('exits 1 and names file, line, rule and construct for SQL Redshift does not support', async () => {
    const root = join(work, 'filter-project');
    writeProject(root, "select\n  count(*) filter (where amount > 0) as positive_deals\nfrom {{ source('crm', 'deals') }}\n");
    const linted = await runCli(['lint', '--project-dir', root]);
    expect(linted.code).toBe(1);
    expect(linted.err).toMatch(/sql\/staging\/stg_deals\.sql:2: redshift\/no-filter-clause: /);
  });

  it('fails compile too, after writing the plan, when the lint finds something', async () => {
    const root = join(work, 'distinct-on-project');
    writeProject(root, "select distinct on (deal_id)\n  deal_id,\n  amount\nfrom {{ source('crm', 'deals') }}\n");
    const compiled = await runCli(['compile', '--project-dir', root]);
    expect(compiled.code).toBe(1);
    expect(compiled.out).toMatch(/Compiled 1 models/);
    expect(compiled.err).toMatch(/stg_deals\.sql:1: redshift\/no-distinct-on/);
  });
});

describe('crm-warehouse dev-endpoint', () => {
  it('serves the Data API to the real SDK client until stopped', async () => {
    const lines: string[] = [];
    const io: CliIo = { out: (line) => lines.push(line), err: (line) => lines.push(line), color: false };
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const serving = devEndpointCommand({ port: 0 }, io, stopped);
    await expect.poll(() => lines.find((line) => line.includes('listening at')), { timeout: 20_000 }).toBeDefined();
    const url = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(lines.join('\n'))?.[1] as string;

    const client = new RedshiftDataClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const submitted = await client.send(new ExecuteStatementCommand({ WorkgroupName: 'local', Database: 'dev', Sql: 'select 1' }));
    expect(submitted.Id).toMatch(/\w/);

    stop();
    expect(await serving).toBe(0);
    expect(lines.at(-1)).toBe('Stopped.');
  });
});
