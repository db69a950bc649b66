/**
 * Reads a finished statement's result set, following GetStatementResult's NextToken through
 * every page (the Data API returns a large result in pages of up to 100 MB).
 */
import { GetStatementResultCommand } from '@aws-sdk/client-redshift-data';
import type { ColumnMetadata, Field, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import type { Row } from '../engine.ts';
import { toRows } from './result-values.ts';
import { withRetries } from './retry-policy.ts';
import type { RetryPolicy } from './retry-policy.ts';

export async function readResult(client: RedshiftDataClient, statementId: string, retry: RetryPolicy): Promise<Row[]> {
  let columns: ColumnMetadata[] | undefined;
  const records: Field[][] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await withRetries(
      'GetStatementResult',
      () => client.send(new GetStatementResultCommand({ Id: statementId, NextToken: token })),
      retry,
    );
    columns ??= page.ColumnMetadata;
    records.push(...(page.Records ?? []));
    nextToken = page.NextToken === '' ? undefined : page.NextToken;
  } while (nextToken !== undefined);
  return toRows(columns ?? [], records);
}
