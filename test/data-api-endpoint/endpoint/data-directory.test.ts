import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDataApiEndpoint } from '../../../lib/data-api-endpoint/data-api-endpoint.ts';
import { dataApiClient, execute, queryValues, runStatement } from './data-api-harness.ts';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'data-api-dir-'));
  await mkdir(join(folder, 's3', 'landing'), { recursive: true });
  await writeFile(join(folder, 's3', 'landing', 'numbers.csv'), 'n\n1\nx\n');
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('a data directory', () => {
  it('keeps tables and load errors across restarts, and query ids continue after the logged ones', { timeout: 180_000 }, async () => {
    const options = { database: join(folder, 'pgdata'), s3Root: join(folder, 's3') };
    const copy = `copy numbers from 's3://landing/numbers.csv' iam_role default csv ignoreheader 1 maxerror 2`;

    const first = await startDataApiEndpoint(options);
    const firstClient = dataApiClient(first);
    await execute(firstClient, 'create table numbers (n int)');
    const firstCopy = await runStatement(firstClient, copy);
    firstClient.destroy();
    await first.close();

    const second = await startDataApiEndpoint(options);
    const secondClient = dataApiClient(second);
    try {
      const secondCopy = await runStatement(secondClient, copy);
      expect(secondCopy.RedshiftQueryId).toBeGreaterThan(firstCopy.RedshiftQueryId ?? Infinity);
      expect(await queryValues(secondClient, 'select count(*) from numbers')).toEqual([[2]]);
      expect(await queryValues(secondClient, 'select query_id, line_number from sys_load_error_detail order by query_id')).toEqual([
        [firstCopy.RedshiftQueryId, 3],
        [secondCopy.RedshiftQueryId, 3],
      ]);
    } finally {
      secondClient.destroy();
      await second.close();
    }
  });
});
