/**
 * A Data API played by aws-sdk-client-mock from a script: every submission is recorded, each
 * statement finishes (or fails, as the script says), queries answer with the script's rows, and
 * each statement of a batch gets a Redshift query id as DescribeStatement reports it.
 */
import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
} from '@aws-sdk/client-redshift-data';
import type { ColumnMetadata, DescribeStatementResponse, Field, SubStatementData } from '@aws-sdk/client-redshift-data';
import type { AwsStub } from 'aws-sdk-client-mock';
import type { RedshiftDataClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-redshift-data';

export type Cell = string | number | boolean | null;

export interface StatementFailure {
  readonly error: string;
  /** Whether the failed statement ran far enough to get a query id (a COPY that read rows does). */
  readonly ran?: boolean;
}

export interface Script {
  /** Rows for a query, or undefined for a statement without a result set. */
  rows?(sql: string): Record<string, Cell>[] | undefined;
  /** Makes a statement fail; undefined lets it finish. */
  fail?(sql: string): StatementFailure | undefined;
  /** Leave RedshiftQueryId out of DescribeStatement's sub-statements. */
  readonly withoutQueryIds?: boolean;
}

export interface Submission {
  readonly kind: 'statement' | 'transaction';
  readonly sqls: readonly string[];
  /** Query ids given to the statements that ran, in order. */
  readonly queryIds: readonly number[];
}

type DataApiStub = AwsStub<ServiceInputTypes, ServiceOutputTypes, RedshiftDataClientResolvedConfig>;

export class ScriptedDataApi {
  readonly submissions: Submission[] = [];
  private readonly described = new Map<string, DescribeStatementResponse>();
  private readonly results = new Map<string, { columns: ColumnMetadata[]; records: Field[][] }>();
  private nextQueryId = 1000;

  constructor(
    private readonly stub: DataApiStub,
    private readonly script: Script,
  ) {
    stub.on(ExecuteStatementCommand).callsFake((input: { Sql: string }) => this.submit('statement', [input.Sql]));
    stub.on(BatchExecuteStatementCommand).callsFake((input: { Sqls: string[] }) => this.submit('transaction', input.Sqls));
    stub.on(DescribeStatementCommand).callsFake((input: { Id: string }) => this.described.get(input.Id));
    stub.on(GetStatementResultCommand).callsFake((input: { Id: string }) => {
      const result = this.results.get(input.Id);
      return { ColumnMetadata: result?.columns ?? [], Records: result?.records ?? [] };
    });
  }

  /** Every statement sent, in order, batches flattened. */
  statements(): string[] {
    return this.submissions.flatMap((submission) => submission.sqls);
  }

  transactions(): (readonly string[])[] {
    return this.submissions.filter((submission) => submission.kind === 'transaction').map((submission) => submission.sqls);
  }

  private submit(kind: Submission['kind'], sqls: readonly string[]): { Id: string } {
    const id = `stmt-${this.submissions.length + 1}`;
    const subStatements: SubStatementData[] = [];
    const queryIds: number[] = [];
    let failure: StatementFailure | undefined;
    for (const [index, sql] of sqls.entries()) {
      if (failure) {
        subStatements.push({ Id: `${id}:${index + 1}`, Status: 'ABORTED', QueryString: sql });
        continue;
      }
      failure = this.script.fail?.(sql);
      const ran = failure === undefined || failure.ran === true;
      const queryId = ran ? (this.nextQueryId += 1) : undefined;
      if (queryId !== undefined) queryIds.push(queryId);
      subStatements.push({
        Id: `${id}:${index + 1}`,
        Status: failure ? 'FAILED' : 'FINISHED',
        Error: failure?.error,
        QueryString: sql,
        RedshiftQueryId: this.script.withoutQueryIds === true ? undefined : queryId,
      });
    }
    this.submissions.push({ kind, sqls, queryIds });
    const rows = kind === 'statement' && !failure ? this.script.rows?.(sqls[0] ?? '') : undefined;
    if (rows !== undefined) this.results.set(id, toResult(rows));
    this.described.set(id, {
      Id: id,
      Status: failure ? 'FAILED' : 'FINISHED',
      Error: failure?.error,
      HasResultSet: rows !== undefined,
      SubStatements: kind === 'transaction' ? subStatements : undefined,
    });
    return { Id: id };
  }
}

function toResult(rows: Record<string, Cell>[]): { columns: ColumnMetadata[]; records: Field[][] } {
  const names = rows.length > 0 ? Object.keys(rows[0] as Record<string, Cell>) : [];
  const columns = names.map((name) => ({ name, typeName: typeof rows[0]?.[name] === 'number' ? 'int8' : 'varchar' }));
  const records = rows.map((row) =>
    names.map((name): Field => {
      const value = row[name];
      if (value === null || value === undefined) return { isNull: true };
      if (typeof value === 'number') return { longValue: value };
      if (typeof value === 'boolean') return { booleanValue: value };
      return { stringValue: value };
    }),
  );
  return { columns, records };
}

