/**
 * Runs the model tests against one mutant: the project with the mutant applied in memory (sql/ is
 * never written) and compiled; the unit tests of the mutated model (of a mutated macro: of every
 * model whose compiled SQL it changes); then, on a copy of the baseline warehouse, those models
 * and everything downstream of them rebuilt with every data test reading a rebuilt model, and the
 * pinned queries reading them compared with the fixture's expected rows. Tests reading nothing rebuilt would give the baseline's (passing) result.
 * A survivor that changes an incremental model then faces the incremental chain (chain-check.ts).
 */
import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { DuckDbEngine } from '../engines/duckdb/duckdb-engine.ts';
import type { Engine, Row } from '../engines/engine.ts';
import { qualified, type Plan } from '../plan/plan.ts';
import { compileProject } from '../project/compile.ts';
import { ProjectError, ProjectErrors } from '../project/errors.ts';
import type { Project } from '../project/project.ts';
import { executePlan } from '../runner/execute-plan.ts';
import { checkUnitTest } from '../runner/unit-test-runner.ts';
import { ChainCheck } from './chain-check.ts';
import { allRowsSql, type MutationBaseline } from './mutation-baseline.ts';
import { mutatedMacros } from './macro-files.ts';
import { ModelGraph } from './model-graph.ts';
import type { ModelSource } from './mutant-generation.ts';
import { applyMutant, type Mutant } from './mutant.ts';
import { rowsDifference } from './rows-difference.ts';
import { problemsOf } from './run-problems.ts';

/**
 * killed: a test failed or the mutated SQL errored; survived: every test passed (the reason says
 * whether the model's rows on the fixture changed at all); invalid: the mutant does not compile
 * (not a test's merit); error: the runner itself broke on it.
 */
export type MutantStatus = 'killed' | 'survived' | 'invalid' | 'error';

/** The check that gave a killed or survived mutant its verdict: the last one it faced. */
export type MutantCheck = 'unit tests' | 'fixture build' | 'incremental chain';

export interface MutantOutcome {
  readonly mutant: Mutant;
  readonly status: MutantStatus;
  /** What killed it, why it is invalid, or what broke. */
  readonly reason?: string;
  /** Killed or survived: the check that killed it, or the last one it survived. */
  readonly check?: MutantCheck;
  readonly seconds: number;
}

export interface ExecutionContext {
  readonly project: Project;
  /** The macro files that may be mutated, read whole. */
  readonly macroFiles: readonly ModelSource[];
  readonly vars: Readonly<Record<string, unknown>>;
  readonly baseline: MutationBaseline;
  /** This worker's in-memory engine for unit tests: they read only the rows they give. */
  readonly unitTestEngine: Engine;
  /** Where this worker keeps its copy of the baseline warehouse. */
  readonly workDir: string;
  readonly worker: number;
  /** The incremental chain a survivor changing an incremental model faces; none: it is not run. */
  readonly chain?: ChainCheck;
}

export async function executeMutant(mutant: Mutant, context: ExecutionContext): Promise<MutantOutcome> {
  const started = Date.now();
  const outcome = (status: MutantStatus, reason?: string, check?: MutantCheck): MutantOutcome => ({
    mutant,
    status,
    ...(reason === undefined ? {} : { reason }),
    ...(check === undefined ? {} : { check }),
    seconds: (Date.now() - started) / 1000,
  });

  let project: Project;
  let plan: Plan;
  try {
    project = mutatedProject(context, mutant);
    plan = compileProject(project, { target: 'duckdb', vars: context.vars });
  } catch (error) {
    if (error instanceof ProjectErrors || error instanceof ProjectError) return outcome('invalid', error.message);
    throw error;
  }
  const mutatedIds = changedModels(plan, mutant, context.baseline.plan);
  if (mutatedIds.length === 0) return outcome('survived', NOT_CALLED);

  const path = join(context.workDir, `worker-${context.worker}.duckdb`);
  try {
    // Unit tests first: they need no warehouse, and most mutants they kill die in milliseconds.
    const unitTestFailure = await failingUnitTest(plan, mutatedIds, context.unitTestEngine);
    if (unitTestFailure !== undefined) return outcome('killed', unitTestFailure, 'unit tests');
    await removeDatabase(path);
    await copyFile(context.baseline.templatePath, path);
    const verdict = await runFixtureChecks(plan, mutatedIds, path, context.baseline);
    if ('killed' in verdict) return outcome('killed', verdict.killed, 'fixture build');
    // The chain costs seconds per mutant: only a survivor of the cheap checks that changes an incremental model faces it.
    if (context.chain === undefined || !ChainCheck.applies(plan, mutatedIds)) return outcome('survived', verdict.survived, 'fixture build');
    const chained = await context.chain.judge(project, mutatedIds, context.worker);
    return 'killed' in chained ? outcome('killed', chained.killed, 'incremental chain') : outcome('survived', `${verdict.survived}; ${chained.survived}`, 'incremental chain');
  } catch (error) {
    return outcome('error', error instanceof Error ? error.message : String(error));
  } finally {
    await removeDatabase(path);
  }
}

function mutatedProject(context: Pick<ExecutionContext, 'project' | 'macroFiles'>, mutant: Mutant): Project {
  const { project } = context;
  if (mutant.layer === 'macros') {
    const file = context.macroFiles.find((each) => each.path === mutant.path);
    if (file === undefined || project.macros === undefined) throw new Error(`${mutant.path}: not a macro file of the project`);
    return { ...project, macros: mutatedMacros(project.macros, file, mutant) };
  }
  return { ...project, models: project.models.map((model) => (model.path === mutant.path ? { ...model, rawSql: applyMutant(model.rawSql, mutant) } : model)) };
}

/**
 * The models the mutant changes: the mutated model; for a macro, every model whose compiled SQL
 * (its select, its increment's, or a post_hook) differs from the unmutated plan's (its callers, in plan order).
 */
function changedModels(plan: Plan, mutant: Mutant, unmutated: Plan): string[] {
  if (mutant.layer !== 'macros') return [modelId(plan, mutant.model)];
  const before = new Map(unmutated.models.map((model) => [model.id, model]));
  return plan.models
    .filter((model) => {
      const was = before.get(model.id);
      return model.sql !== was?.sql || model.incrementalSql !== was?.incrementalSql || !isDeepStrictEqual(model.config.postHook, was?.config.postHook);
    })
    .map((model) => model.id);
}

async function failingUnitTest(plan: Plan, mutatedIds: readonly string[], engine: Engine): Promise<string | undefined> {
  for (const test of (plan.unitTests ?? []).filter((each) => mutatedIds.includes(each.model))) {
    const check = await checkUnitTest(engine, test);
    if (check.status !== 'pass') return `unit test ${test.name}: ${check.status}${check.message === undefined ? '' : `: ${check.message}`}`;
  }
  return undefined;
}

/** Why a survivor survived: the fixture cannot show the change, or no test looks at it. */
const UNCHANGED = 'same rows as the unmutated model on the fixture';
const CHANGED = 'rows differ from the unmutated model on the fixture, and no test noticed';
const NOT_CALLED = "no model of the fixture's plan compiles differently";

/**
 * The fixture build's verdict. The mutated models (one, or a macro's callers) are rebuilt and
 * checked first, then what is downstream of them, since most kills need only the first step.
 */
async function runFixtureChecks(plan: Plan, mutatedIds: readonly string[], path: string, baseline: MutationBaseline): Promise<{ killed: string } | { survived: string }> {
  const downstream = new ModelGraph(plan).withDownstream(mutatedIds);
  const engine = await DuckDbEngine.open({ path, threads: 1, concurrency: 1 });
  try {
    const mutated = new Set(mutatedIds);
    const killed = await rebuild(engine, plan, { models: mutated, done: new Set(), changed: downstream }, baseline);
    if (killed !== undefined) return { killed };
    // Same rows as the unmutated models: everything downstream would read what it read in the
    // baseline build, which passed, so rebuilding it cannot kill the mutant.
    if (await sameRows(engine, plan, mutated, baseline)) return { survived: UNCHANGED };
    const below = new Set([...downstream].filter((id) => !mutated.has(id)));
    const downstreamKill = await rebuild(engine, plan, { models: below, done: mutated, changed: downstream }, baseline);
    return downstreamKill === undefined ? { survived: CHANGED } : { killed: downstreamKill };
  } finally {
    await engine.close();
  }
}

async function sameRows(engine: Engine, plan: Plan, ids: ReadonlySet<string>, baseline: MutationBaseline): Promise<boolean> {
  for (const model of plan.models.filter((each) => ids.has(each.id))) {
    const relation = qualified(model.relation);
    if (!isDeepStrictEqual(await engine.query(allRowsSql(relation)), baseline.modelRows.get(relation))) return false;
  }
  return true;
}

/**
 * Builds `models` and runs the data tests and pinned queries that read one of them, once every
 * model they read that the mutant changes (`changed`: the mutated model and all downstream of it)
 * is built (here or in an earlier step, `done`). A test reading a rebuilt fact and its stale mart
 * would compare two different builds, a mismatch the real build never has.
 */
async function rebuild(
  engine: Engine,
  plan: Plan,
  steps: { readonly models: ReadonlySet<string>; readonly done: ReadonlySet<string>; readonly changed: ReadonlySet<string> },
  baseline: MutationBaseline,
): Promise<string | undefined> {
  const { models, done, changed } = steps;
  if (models.size === 0) return undefined;
  const ready = (ids: readonly string[]): boolean => ids.some((id) => models.has(id)) && ids.every((id) => !changed.has(id) || models.has(id) || done.has(id));
  const result = await executePlan(engine, plan, {
    mode: 'build',
    runId: 'mutant',
    modelIds: plan.models.filter((model) => models.has(model.id)).map((model) => model.id),
    testIds: plan.tests.filter((test) => ready(test.dependsOn.models)).map((test) => test.id),
    fullRefresh: true,
  });
  const problems = problemsOf(result);
  if (problems.length > 0) return problems[0];
  const modelOf = new Map(plan.models.map((model) => [qualified(model.relation), model.id]));
  for (const { sql, relations } of baseline.pinned) {
    if (!ready(relations.flatMap((relation) => modelOf.get(relation) ?? []))) continue;
    const rows: Row[] = await engine.query(sql);
    const expected = baseline.expectedRows.get(sql) ?? [];
    if (!isDeepStrictEqual(rows, expected)) return `pinned rows of \`${sql}\`: ${rowsDifference(expected, rows)}`;
  }
  return undefined;
}

function modelId(plan: Plan, name: string): string {
  return plan.models.find((model) => model.name === name)?.id ?? name;
}

async function removeDatabase(path: string): Promise<void> {
  await Promise.all([path, `${path}.wal`, `${path}.tmp`].map((file) => rm(file, { force: true, recursive: true })));
}
