/**
 * Shared by the step tests: the real SQL project compiled for Redshift (as Bootstrap compiles
 * it), a telemetry recorder, and a scripted Data API (aws-sdk-client-mock) that answers
 * DescribeStatement and GetStatementResult for the batches a step submits.
 */
import { fileURLToPath } from 'node:url';
import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
  type Field,
  type SubStatementData,
} from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import { loadProject } from '../../lib/project/load-project.ts';
import type { Project } from '../../lib/project/project.ts';
import type { RunContext } from '../../lib/pipeline/pipeline-contract.ts';
import { compileRunPlan, type RunPlan } from '../../lib/pipeline/run-plan.ts';
import type { MetricUnit, StepTelemetry } from '../../lib/pipeline/step-telemetry.ts';

let project: Project | undefined;

export async function crmProject(): Promise<Project> {
  project ??= await loadProject(fileURLToPath(new URL('../../', import.meta.url)));
  return project;
}

export async function crmRunPlan(select: readonly string[] = [], runDate = '2026-11-24'): Promise<RunPlan> {
  return compileRunPlan(await crmProject(), runDate, select);
}

export interface RecordedMetric {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly value: number;
  readonly dimensions?: Readonly<Record<string, string>>;
}

export class RecordingTelemetry implements StepTelemetry {
  readonly metrics: RecordedMetric[] = [];
  readonly lines: { level: 'info' | 'warn'; message: string; details?: Readonly<Record<string, unknown>> }[] = [];

  metric(name: string, unit: MetricUnit, value: number, dimensions?: Readonly<Record<string, string>>): void {
    this.metrics.push({ name, unit, value, ...(dimensions === undefined ? {} : { dimensions }) });
  }

  info(message: string, details?: Readonly<Record<string, unknown>>): void {
    this.lines.push({ level: 'info', message, ...(details === undefined ? {} : { details }) });
  }

  warn(message: string, details?: Readonly<Record<string, unknown>>): void {
    this.lines.push({ level: 'warn', message, ...(details === undefined ? {} : { details }) });
  }
}

/** The run the step tests run in: the scheduled run of 2026-11-24, every model selected. */
export const RUN: RunContext = {
  runId: 'run-2026-11-24',
  executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:CrmWarehouse-pipeline:run-2026-11-24',
  startedAt: '2026-11-24T03:00:00.000Z',
  runDate: '2026-11-24',
  fullRefresh: false,
  select: [],
  planChecksum: 'unused',
};

/** A column of a result set, as GetStatementResult describes it. */
export type ResultColumn = { readonly name: string; readonly type: 'varchar' | 'int8' | 'numeric' };

/** A result set's columns from their names and types, in order. */
export function resultColumns(types: Readonly<Record<string, ResultColumn['type']>>): ResultColumn[] {
  return Object.entries(types).map(([name, type]) => ({ name, type }));
}

export interface ScriptedStatement {
  readonly status?: 'FINISHED' | 'FAILED' | 'ABORTED' | 'STARTED';
  readonly error?: string;
  /** Per sub-statement: what DescribeStatement reports. */
  readonly subStatements?: readonly Partial<SubStatementData>[];
  /** Result sets by sub-statement index. */
  readonly results?: Readonly<Record<number, { columns: readonly ResultColumn[]; rows: readonly (readonly (string | number | null)[])[] }>>;
}

/** A mocked Data API: each submitted batch gets an id; `script` says how each id ends. */
export function scriptedDataApi() {
  const mock = mockClient(RedshiftDataClient);
  const submitted: { id: string; sqls: string[]; token?: string; secretArn?: string }[] = [];
  const scripts = new Map<string, ScriptedStatement>();
  mock.on(BatchExecuteStatementCommand).callsFake((input: { Sqls: string[]; ClientToken?: string; SecretArn?: string }) => {
    const id = `stmt-${submitted.length + 1}`;
    submitted.push({ id, sqls: input.Sqls, ...(input.ClientToken ? { token: input.ClientToken } : {}), ...(input.SecretArn ? { secretArn: input.SecretArn } : {}) });
    return { Id: id };
  });
  mock.on(DescribeStatementCommand).callsFake((input: { Id: string }) => {
    const batch = submitted.find((candidate) => candidate.id === input.Id);
    const script = scripts.get(input.Id) ?? {};
    const sqls = batch?.sqls ?? [];
    return {
      Id: input.Id,
      Status: script.status ?? 'FINISHED',
      Error: script.error,
      Duration: 2_000_000_000,
      SubStatements: sqls.map((sql, index) => ({
        Id: `${input.Id}:${index + 1}`,
        QueryString: sql,
        Status: 'FINISHED',
        Duration: 1_000_000_000,
        HasResultSet: script.results?.[index] !== undefined,
        CreatedAt: new Date('2026-11-24T03:00:00Z'),
        UpdatedAt: new Date('2026-11-24T03:00:01Z'),
        ...script.subStatements?.[index],
      })),
    };
  });
  mock.on(GetStatementResultCommand).callsFake((input: { Id: string }) => {
    const [id, position] = input.Id.split(':');
    const result = scripts.get(id ?? '')?.results?.[Number(position) - 1];
    if (result === undefined) throw new Error(`no result scripted for ${input.Id}`);
    return {
      ColumnMetadata: result.columns.map((column) => ({ name: column.name, label: column.name, typeName: column.type })),
      Records: result.rows.map((row) => row.map((value): Field => (value === null ? { isNull: true } : typeof value === 'number' ? { longValue: value } : { stringValue: value }))),
      TotalNumRows: result.rows.length,
    };
  });
  return {
    mock,
    client: new RedshiftDataClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
    submitted,
    script(id: string, statement: ScriptedStatement): void {
      scripts.set(id, statement);
    },
    last(): { id: string; sqls: string[]; token?: string; secretArn?: string } {
      const last = submitted.at(-1);
      if (last === undefined) throw new Error('nothing was submitted');
      return last;
    },
  };
}
