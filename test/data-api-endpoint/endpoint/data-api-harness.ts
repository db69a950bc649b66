import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  paginateGetStatementResult,
  RedshiftDataClient,
  type DescribeStatementCommandOutput,
  type Field,
  type SqlParameter,
  type StatusString,
} from '@aws-sdk/client-redshift-data';
import type { DataApiEndpoint } from '../../../lib/data-api-endpoint/data-api-endpoint.ts';

/** The connection members every test statement uses. */
export const TARGET = { WorkgroupName: 'local-wg', Database: 'dev' } as const;

/** The real SDK client, pointed at the endpoint with any region and dummy credentials. */
export function dataApiClient(endpoint: DataApiEndpoint, maxAttempts = 1): RedshiftDataClient {
  return new RedshiftDataClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    maxAttempts,
  });
}

const ENDED = new Set(['FINISHED', 'FAILED', 'ABORTED']);

/** Polls DescribeStatement until `accept` holds (by default: the statement ended). */
export async function waitForStatement(
  client: RedshiftDataClient,
  id: string,
  accept: (description: DescribeStatementCommandOutput) => boolean = (description) => ENDED.has(description.Status ?? ''),
): Promise<DescribeStatementCommandOutput> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const description = await client.send(new DescribeStatementCommand({ Id: id }));
    if (accept(description)) return description;
    if (Date.now() > deadline) throw new Error(`statement ${id} still ${description.Status}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function waitForStatus(client: RedshiftDataClient, id: string, status: StatusString): Promise<DescribeStatementCommandOutput> {
  return waitForStatement(client, id, (description) => description.Status === status);
}

/** Runs one SQL string and waits for it to end. */
export async function runStatement(
  client: RedshiftDataClient,
  sql: string,
  parameters?: SqlParameter[],
): Promise<DescribeStatementCommandOutput> {
  const { Id } = await client.send(new ExecuteStatementCommand({ ...TARGET, Sql: sql, Parameters: parameters }));
  return waitForStatement(client, Id as string);
}

/** Runs a statement that must finish and returns all its records, through the SDK's paginator. */
export async function queryRecords(client: RedshiftDataClient, sql: string, parameters?: SqlParameter[]): Promise<Field[][]> {
  const description = await runStatement(client, sql, parameters);
  if (description.Status !== 'FINISHED') throw new Error(`${sql}: ${description.Status} ${description.Error ?? ''}`);
  const records: Field[][] = [];
  for await (const page of paginateGetStatementResult({ client }, { Id: description.Id as string })) {
    records.push(...(page.Records ?? []));
  }
  return records;
}

/** Records as plain values (the single member each Field union carries; null for isNull). */
export async function queryValues(client: RedshiftDataClient, sql: string, parameters?: SqlParameter[]): Promise<unknown[][]> {
  const records = await queryRecords(client, sql, parameters);
  return records.map((record) => record.map(plainValue));
}

export function plainValue(field: Field): unknown {
  if (field.isNull === true) return null;
  return field.stringValue ?? field.longValue ?? field.doubleValue ?? field.booleanValue;
}

/** Runs a statement that must finish. */
export async function execute(client: RedshiftDataClient, sql: string): Promise<DescribeStatementCommandOutput> {
  const description = await runStatement(client, sql);
  if (description.Status !== 'FINISHED') throw new Error(`${sql}: ${description.Status} ${description.Error ?? ''}`);
  return description;
}
