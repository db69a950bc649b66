/** Hand-made plans with literal SQL for the runner tests: the compiler is not involved. */
import { createHash } from 'node:crypto';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { PLAN_VERSION, auditRelation, qualified } from '../../lib/plan/plan.ts';
import type { Materialization, Plan, PlanModel, PlanSource, PlanTest, Relation, Severity } from '../../lib/plan/plan.ts';

export const modelId = (name: string): string => `model.crm.${name}`;
export const testId = (name: string): string => `test.crm.${name}`;
export const sourceId = (table: string): string => `source.crm.${table}`;

export function relationOf(name: string, schema = 'analytics'): Relation {
  return { schema, name };
}

export interface ModelSpec {
  readonly sql: string;
  readonly schema?: string;
  readonly materialized?: Materialization;
  /** Model names. */
  readonly upstream?: readonly string[];
  /** Source table names. */
  readonly sources?: readonly string[];
  readonly uniqueKey?: readonly string[];
  readonly incrementalSql?: string;
  /** Incremental models: the logic fingerprint; by default a hash of the two selects. */
  readonly logicFingerprint?: string;
}

export function planModel(name: string, spec: ModelSpec): PlanModel {
  const materialized = spec.materialized ?? 'table';
  return {
    id: modelId(name),
    name,
    path: `sql/facts/${name}.sql`,
    layer: 'facts',
    relation: relationOf(name, spec.schema),
    config: { materialized, tags: [], uniqueKey: spec.uniqueKey },
    columns: [],
    dependsOn: { models: (spec.upstream ?? []).map(modelId), sources: (spec.sources ?? []).map(sourceId) },
    sql: spec.sql,
    incrementalSql: spec.incrementalSql,
    // As the compiler's, it changes with the model's SQL (lib/project/logic-fingerprint.ts).
    ...(materialized === 'incremental' ? { logicFingerprint: spec.logicFingerprint ?? createHash('sha256').update(`${spec.sql}\n${spec.incrementalSql ?? ''}`).digest('hex') } : {}),
    checksum: 'test',
  };
}

export interface RowTestSpec {
  /** The model (by name) or source (by `source.crm.x` id) the test is attached to. */
  readonly on: string;
  /** A condition true for failing rows. */
  readonly failingWhere: string;
  readonly severity?: Severity;
  readonly schema?: string;
  readonly column?: string;
}

/** A test whose failing rows are the rows of its relation matching `failingWhere`, with the auditSql reading the staged relation. */
export function rowTest(name: string, spec: RowTestSpec): PlanTest {
  const onSource = spec.on.startsWith('source.');
  const relation = onSource ? relationOf(spec.on.split('.')[2] ?? '', 'raw') : relationOf(spec.on, spec.schema);
  return planTest(name, {
    attachedTo: onSource ? spec.on : modelId(spec.on),
    severity: spec.severity,
    column: spec.column,
    sql: `select * from ${qualified(relation)} where ${spec.failingWhere}`,
    auditSql: onSource ? undefined : `select * from ${qualified(auditRelation(relation))} where ${spec.failingWhere}`,
  });
}

export interface TestSpec {
  readonly attachedTo: string;
  readonly sql: string;
  readonly auditSql?: string;
  readonly severity?: Severity;
  readonly column?: string;
  readonly dependsOnModels?: readonly string[];
}

export function planTest(name: string, spec: TestSpec): PlanTest {
  return {
    id: testId(name),
    name,
    kind: 'singular',
    testName: name,
    severity: spec.severity ?? 'error',
    attachedTo: spec.attachedTo,
    column: spec.column,
    dependsOn: {
      models: spec.dependsOnModels ?? (spec.attachedTo.startsWith('model.') ? [spec.attachedTo] : []),
      sources: spec.attachedTo.startsWith('source.') ? [spec.attachedTo] : [],
    },
    path: `sql/tests/${name}.sql`,
    sql: spec.sql,
    auditSql: spec.auditSql,
  };
}

export function rawSource(table: string): PlanSource {
  return { id: sourceId(table), sourceName: 'crm', tableName: table, relation: relationOf(table, 'raw'), columns: [] };
}

export function makePlan(models: readonly PlanModel[], tests: readonly PlanTest[] = [], sources: readonly PlanSource[] = []): Plan {
  return { planVersion: PLAN_VERSION, layers: [{ name: 'staging', schema: 'staging' }, { name: 'dimensions', schema: 'analytics' }, { name: 'facts', schema: 'analytics' }, { name: 'marts', schema: 'marts' }], project: 'crm', target: 'duckdb', vars: {}, sources, models, tests, exposures: [] };
}

/** Everything in the plan, in plan order, as the selection module would give it for `--select crm`. */
export function selectAll(plan: Plan): { modelIds: string[]; testIds: string[] } {
  return { modelIds: plan.models.map((model) => model.id), testIds: plan.tests.map((test) => test.id) };
}

export function openTestEngine(concurrency = 2): Promise<DuckDbEngine> {
  return DuckDbEngine.open({ path: ':memory:', threads: 1, concurrency });
}
