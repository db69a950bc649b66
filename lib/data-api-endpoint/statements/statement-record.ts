import type { SqlParameter } from '../sql/sql-parameters.ts';

export type StatementStatus = 'SUBMITTED' | 'PICKED' | 'STARTED' | 'FINISHED' | 'FAILED' | 'ABORTED';

export const ACTIVE_STATUSES: ReadonlySet<StatementStatus> = new Set(['SUBMITTED', 'PICKED', 'STARTED']);

/** One value of a result row, as the Data API's `Field` union. */
export type WireField =
  | { readonly isNull: true }
  | { readonly stringValue: string }
  | { readonly longValue: number }
  | { readonly doubleValue: number }
  | { readonly booleanValue: boolean };

/** The Data API's `ColumnMetadata`. */
export interface WireColumnMetadata {
  readonly isCaseSensitive: boolean;
  readonly isCurrency: boolean;
  readonly isSigned: boolean;
  readonly label: string;
  readonly length: number;
  readonly name: string;
  readonly nullable: number;
  readonly precision: number;
  readonly scale: number;
  readonly schemaName: string;
  readonly tableName: string;
  readonly typeName: string;
}

export interface StatementResultSet {
  readonly columns: readonly WireColumnMetadata[];
  readonly records: readonly (readonly WireField[])[];
  /** Bytes of the values in text form, reported as ResultSize. */
  readonly size: number;
}

/** Where a statement runs: a serverless workgroup or a provisioned cluster, and a database. */
export interface ConnectionTarget {
  readonly workgroupName?: string;
  readonly clusterIdentifier?: string;
  readonly database: string;
  readonly dbUser?: string;
  readonly secretArn?: string;
}

/** A status with its history: when it last changed and how long the work ran (STARTED → end). */
class StatusTimeline {
  status: StatementStatus = 'SUBMITTED';
  updatedAt: Date;
  error?: string;
  private startedAt?: bigint;
  private endedAt?: bigint;

  constructor(readonly createdAt: Date) {
    this.updatedAt = createdAt;
  }

  get isActive(): boolean {
    return ACTIVE_STATUSES.has(this.status);
  }

  /** Nanoseconds the statement ran, -1 until it has run. */
  get durationNanoseconds(): number {
    if (this.startedAt === undefined || this.endedAt === undefined) return -1;
    return Number(this.endedAt - this.startedAt);
  }

  setStatus(status: StatementStatus): void {
    this.status = status;
    this.updatedAt = new Date();
    if (status === 'STARTED') this.startedAt ??= process.hrtime.bigint();
    if (!ACTIVE_STATUSES.has(status) && this.startedAt !== undefined) this.endedAt ??= process.hrtime.bigint();
  }
}

/** One SQL string: the only one of an ExecuteStatement, or one of a batch's `Sqls`. */
export class SubStatement extends StatusTimeline {
  resultSet?: StatementResultSet;
  /** Rows returned or affected; -1 when the statement reports none (DDL). */
  resultRows = -1;
  redshiftQueryId = 0;

  constructor(
    readonly id: string,
    readonly queryString: string,
    createdAt: Date,
  ) {
    super(createdAt);
  }
}

export interface StatementRequest {
  readonly isBatch: boolean;
  readonly sqls: readonly string[];
  readonly target: ConnectionTarget;
  /** The caller that submitted it (its access key id): the only one who sees it. */
  readonly owner: string;
  readonly parameters?: readonly SqlParameter[];
  readonly statementName?: string;
  readonly sessionId?: string;
  readonly clientToken?: string;
}

/** A statement the endpoint accepted: its request, its overall status, its sub-statements. */
export class StatementRecord extends StatusTimeline {
  readonly subStatements: readonly SubStatement[];

  constructor(
    readonly id: string,
    readonly request: StatementRequest,
    createdAt: Date,
    readonly redshiftPid: number,
  ) {
    super(createdAt);
    this.subStatements = request.isBatch
      ? request.sqls.map((sql, index) => new SubStatement(`${id}:${index + 1}`, sql, createdAt))
      : [new SubStatement(id, request.sqls[0] ?? '', createdAt)];
  }

  /** Ends the statement: the given status, and every sub-statement that never finished becomes ABORTED. */
  settle(status: 'FINISHED' | 'FAILED' | 'ABORTED', error?: string): void {
    for (const sub of this.subStatements) {
      if (sub.isActive) sub.setStatus('ABORTED');
    }
    if (error !== undefined) this.error = error;
    this.setStatus(status);
  }
}
