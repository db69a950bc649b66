/**
 * A manifest dbt-artifact tools can read (manifest v12, dbt-artifact-schemas.ts), made from our
 * plan. It is written to target/dbt/manifest.json, because target/manifest.json is our plan, which
 * runners execute and `--state` compares; this one only describes the project to other tools.
 */
import { createHash } from 'node:crypto';
import { relationText, type Plan, type PlanModel, type PlanTest } from '../plan/plan.ts';
import { formatFailureCondition } from '../project/test-config.ts';
import { ANY_FAILURE } from '../publish/audit-checks.ts';
import { MANIFEST_SCHEMA } from './dbt-artifact-schemas.ts';
import { DBT_VERSION } from './dbt-version.ts';

export const SOURCES_FILE = 'sql/sources.yml';

export function dbtManifest(plan: Plan, invocationId: string, generatedAt: Date): unknown {
  const { project } = plan;
  const common = (id: string, name: string, originalPath: string) => ({
    name,
    package_name: project,
    path: originalPath.replace(/^sql\//, ''),
    original_file_path: originalPath,
    unique_id: id,
  });
  const relations = new Map<string, PlanModel['relation']>(plan.models.map((model) => [model.id, model.relation]));
  const nodes: Record<string, unknown> = {};
  for (const model of plan.models) {
    nodes[model.id] = {
      ...common(model.id, model.name, model.path),
      database: null,
      schema: model.relation.schema,
      resource_type: model.resourceType ?? 'model',
      fqn: [project, ...folders(model.path), model.name],
      alias: model.relation.name,
      checksum: { name: 'sha256', checksum: model.checksum },
      config: {
        materialized: model.config.materialized,
        tags: model.config.tags,
        ...(model.config.uniqueKey === undefined ? {} : { unique_key: model.config.uniqueKey }),
        ...(model.config.incrementalStrategy === undefined ? {} : { incremental_strategy: model.config.incrementalStrategy }),
        ...(model.config.onSchemaChange === undefined ? {} : { on_schema_change: model.config.onSchemaChange }),
        ...(model.config.postHook === undefined ? {} : { 'post-hook': model.config.postHook.map((sql, index) => ({ sql, transaction: true, index })) }),
        ...(model.config.dist === undefined ? {} : { dist: model.config.dist }),
        ...(model.config.sort === undefined ? {} : { sort: model.config.sort }),
        ...(model.config.grants === undefined ? {} : { grants: model.config.grants }),
        contract: { enforced: model.config.contract?.enforced === true, alias_types: true },
      },
      tags: model.config.tags,
      description: model.description ?? '',
      columns: columnsOf(model.columns),
      depends_on: { macros: [], nodes: [...model.dependsOn.models, ...model.dependsOn.sources] },
      compiled: true,
      compiled_code: model.sql,
      relation_name: relationText(model.relation, plan.target),
    };
  }
  for (const test of plan.tests) nodes[test.id] = testNode(plan, test, relations.get(test.attachedTo)?.schema ?? 'audit', common(test.id, test.name, test.path));
  const sources = Object.fromEntries(
    plan.sources.map((source) => [
      source.id,
      {
        ...common(source.id, source.tableName, SOURCES_FILE),
        database: null,
        schema: source.relation.schema,
        resource_type: 'source',
        fqn: [project, source.sourceName, source.tableName],
        source_name: source.sourceName,
        source_description: '',
        loader: 'crm-warehouse',
        identifier: source.relation.name,
        description: source.description ?? '',
        columns: columnsOf(source.columns),
        relation_name: relationText(source.relation, plan.target),
        ...(source.freshness === undefined
          ? {}
          : {
              loaded_at_field: source.freshness.loadedAtField,
              freshness: { warn_after: source.freshness.warnAfter ?? null, error_after: source.freshness.errorAfter ?? null },
            }),
      },
    ]),
  );
  const exposures = Object.fromEntries(
    plan.exposures.map((exposure) => [
      exposure.id,
      {
        ...common(exposure.id, exposure.name, 'sql/exposures.yml'),
        resource_type: 'exposure',
        fqn: [project, exposure.name],
        type: exposure.type,
        owner: { name: exposure.owner?.name ?? null, email: exposure.owner?.email ?? null },
        description: exposure.description ?? '',
        ...(exposure.label === undefined ? {} : { label: exposure.label }),
        ...(exposure.url === undefined ? {} : { url: exposure.url }),
        ...(exposure.maturity === undefined ? {} : { maturity: exposure.maturity }),
        depends_on: { macros: [], nodes: [...exposure.dependsOn.models, ...exposure.dependsOn.sources] },
      },
    ]),
  );
  const unitTests = Object.fromEntries(
    (plan.unitTests ?? []).map((test) => [
      test.id,
      {
        ...common(test.id, test.name, test.path),
        resource_type: 'unit_test',
        fqn: [project, ...folders(test.path), test.name],
        model: test.model.split('.').at(-1),
        given: test.given.map((input) => ({ input })),
        expect: { rows: test.expected.rows },
        description: test.description ?? '',
        depends_on: { macros: [], nodes: [test.model] },
      },
    ]),
  );
  const parentMap: Record<string, string[]> = {};
  const childMap: Record<string, string[]> = {};
  for (const id of [...Object.keys(nodes), ...Object.keys(sources), ...Object.keys(exposures)]) {
    parentMap[id] = [];
    childMap[id] = [];
  }
  const link = (child: string, parents: readonly string[]): void => {
    for (const parent of parents) {
      parentMap[child]?.push(parent);
      childMap[parent]?.push(child);
    }
  };
  for (const model of plan.models) link(model.id, [...model.dependsOn.models, ...model.dependsOn.sources]);
  for (const test of plan.tests) link(test.id, [...test.dependsOn.models, ...test.dependsOn.sources]);
  for (const exposure of plan.exposures) link(exposure.id, [...exposure.dependsOn.models, ...exposure.dependsOn.sources]);

  return {
    metadata: {
      dbt_schema_version: MANIFEST_SCHEMA,
      dbt_version: DBT_VERSION,
      generated_at: generatedAt.toISOString(),
      invocation_id: invocationId,
      env: {},
      project_name: project,
      adapter_type: plan.target,
    },
    nodes,
    sources,
    macros: {},
    docs: Object.fromEntries(
      (plan.docs ?? []).map((doc) => [doc.id, { ...common(doc.id, doc.name, doc.path), resource_type: 'doc', block_contents: doc.contents }]),
    ),
    exposures,
    metrics: {},
    groups: {},
    selectors: {},
    disabled: {},
    parent_map: parentMap,
    child_map: childMap,
    group_map: {},
    saved_queries: {},
    semantic_models: {},
    unit_tests: unitTests,
  };
}

function testNode(plan: Plan, test: PlanTest, schema: string, base: Record<string, unknown>): unknown {
  const generic = test.kind === 'generic';
  return {
    ...base,
    database: null,
    schema,
    resource_type: 'test',
    fqn: [plan.project, ...folders(test.path), test.name],
    alias: test.name,
    // dbt gives generic tests no file checksum of their own; a singular test's is of its compiled query (the plan keeps no file text).
    checksum: generic ? { name: 'none', checksum: '' } : { name: 'sha256', checksum: createHash('sha256').update(test.sql).digest('hex') },
    config: testConfig(test),
    depends_on: { macros: [], nodes: [...test.dependsOn.models, ...test.dependsOn.sources] },
    compiled: true,
    compiled_code: test.sql,
    // dbt names the table store_failures keeps as the test's relation.
    relation_name: test.storeFailuresIn === undefined ? null : relationText(test.storeFailuresIn, plan.target),
    attached_node: test.attachedTo,
    ...(generic ? { test_metadata: { name: test.testName, kwargs: test.column === undefined ? {} : { column_name: test.column } } } : {}),
    ...(test.column === undefined ? {} : { column_name: test.column }),
  };
}

/** dbt's test config: severity, the conditions as dbt writes them (`!= 0` by default), limit and store_failures. */
function testConfig(test: PlanTest): Record<string, unknown> {
  const condition = (value: PlanTest['warnIf']): string => formatFailureCondition(value ?? ANY_FAILURE);
  return {
    severity: test.severity === 'error' ? 'ERROR' : 'WARN',
    warn_if: condition(test.warnIf),
    error_if: condition(test.errorIf),
    limit: test.limit ?? null,
    store_failures: test.storeFailuresIn === undefined ? null : true,
    ...(test.storeFailuresIn === undefined ? {} : { schema: test.storeFailuresIn.schema }),
  };
}

function columnsOf(columns: Plan['models'][number]['columns']): Record<string, unknown> {
  return Object.fromEntries(
    columns.map((column) => [column.name, { name: column.name, description: column.description ?? '', data_type: column.dataType ?? null }]),
  );
}

/** A file's folders below sql/, as dbt's fqn lists them. */
function folders(path: string): string[] {
  return path.split('/').slice(1, -1);
}
