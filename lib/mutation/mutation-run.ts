/**
 * One mutation run: the selected models' mutants generated, sampled, run against the model tests by
 * a few workers side by side within a time budget, and judged (allow-listed survivors become
 * equivalent).
 */
import { rm } from 'node:fs/promises';
import { DuckDbEngine } from '../engines/duckdb/duckdb-engine.ts';
import type { Plan } from '../plan/plan.ts';
import { compileProject } from '../project/compile.ts';
import { loadProject } from '../project/load-project.ts';
import type { Project } from '../project/project.ts';
import { selectNodes } from '../project/selection.ts';
import { allowedEntry, type EquivalentMutant } from './allow-list.ts';
import type { FixtureSuite } from './fixture-suite.ts';
import { buildBaseline } from './mutation-baseline.ts';
import { ChainCheck } from './chain-check.ts';
import { changedLinesSince, onChangedLines } from './changed-lines.ts';
import { executeMutant, type MutantCheck, type MutantOutcome } from './mutant-execution.ts';
import { mutantsOf } from './mutant-generation.ts';
import type { Mutant, MutantLayer } from './mutant.ts';
import { calledMacroFiles, macroFilesOf } from './macro-files.ts';
import type { ModelSource } from './mutant-generation.ts';
import { sampleMutants } from './sampling.ts';
import { scoreBy, scoreOf, type ScoreLine, type Verdict } from './score.ts';

export interface MutationRunOptions {
  readonly suite: FixtureSuite;
  /** dbt selectors (`fact_deals`, `tag:fact`, `path:sql/facts`); none = every model. */
  readonly select?: readonly string[];
  /** Only mutants whose edit starts on a line changed since this git revision (uncommitted edits included). */
  readonly changedSince?: string;
  readonly sample?: number;
  readonly seed: number;
  readonly workers: number;
  /** Mutants not started within this many seconds of the run's start are reported as not run. */
  readonly budgetSeconds?: number;
  readonly allowList: readonly EquivalentMutant[];
  /** Scratch folder for the baseline warehouse and the workers' copies; removed at the end. */
  readonly workDir: string;
  readonly onOutcome?: (outcome: JudgedMutant, done: number, of: number) => void;
}

export interface JudgedMutant {
  readonly mutant: Mutant;
  readonly verdict: Verdict;
  readonly reason?: string;
  /** An equivalent mutant's upstream guarantee; absent when it is equivalent on any data. */
  readonly guarantee?: string;
  /** Killed or survived (equivalent too): the check that killed it, or the last one it survived. */
  readonly check?: MutantCheck;
  readonly seconds: number;
}

export interface MutationRunResult {
  readonly seconds: number;
  readonly baselineSeconds: number;
  readonly models: readonly string[];
  readonly macroFiles: readonly string[];
  /** Model and macro files the fixture's plan never runs, so not mutated. */
  readonly outsidePlan: readonly string[];
  /** Mutants of the selected models and macro files before sampling. */
  readonly generated: number;
  /** With --changed-since: the revision, its commit, and how many mutants start on a line changed since (before sampling). */
  readonly changedSince?: ChangedSince;
  /** Mutants picked (all of them without --sample). */
  readonly sampled: number;
  readonly judged: readonly JudgedMutant[];
  /** Picked but not started within the budget. */
  readonly notRun: readonly Mutant[];
  readonly score: ScoreLine;
  readonly byLayer: Partial<Record<MutantLayer, ScoreLine>>;
  readonly byOperator: Partial<Record<string, ScoreLine>>;
  /** Allow-list entries whose mutant was killed: they are not equivalent and must go. */
  readonly killedAllowed: readonly EquivalentMutant[];
  /** Allow-list entries of a selected model's file that match none of its mutants (the SQL moved on). */
  readonly staleAllowed: readonly EquivalentMutant[];
}

export async function runMutation(options: MutationRunOptions): Promise<MutationRunResult> {
  const started = Date.now();
  const deadline = options.budgetSeconds === undefined ? Infinity : started + options.budgetSeconds * 1000;
  const project = await loadProject(options.suite.projectRoot);
  const { models, macroFiles, outsidePlan, mutants, changedSince, picked } = await pickMutants(project, options);

  await rm(options.workDir, { recursive: true, force: true });
  try {
    const baseline = await buildBaseline(project, options.suite, options.workDir);
    const baselineSeconds = (Date.now() - started) / 1000;
    const chain = options.suite.chain === undefined ? undefined : new ChainCheck(project, options.suite.chain, options.workDir);
    // Slot `at` holds the verdict on picked[at]; a slot left empty is a mutant the budget left out.
    const verdicts: (JudgedMutant | undefined)[] = picked.map(() => undefined);
    let next = 0;
    let done = 0;
    const runWorker = async (index: number, unitTestEngine: DuckDbEngine): Promise<void> => {
      for (let at = next++; at < picked.length; at = next++) {
        done += 1;
        if (Date.now() >= deadline) continue;
        const mutant = picked[at] as Mutant;
        const outcome = await executeMutant(mutant, { project, macroFiles, vars: options.suite.vars, baseline, unitTestEngine, workDir: options.workDir, worker: index, ...(chain === undefined ? {} : { chain }) });
        const verdict = judge(outcome, options.allowList);
        verdicts[at] = verdict;
        options.onOutcome?.(verdict, done, picked.length);
      }
    };
    const worker = async (index: number): Promise<void> => {
      const unitTestEngine = await DuckDbEngine.open({ path: ':memory:', threads: 1, concurrency: 1 });
      try {
        await runWorker(index, unitTestEngine);
      } finally {
        await unitTestEngine.close();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.workers) }, (_, index) => worker(index)));

    const judged = verdicts.filter((verdict): verdict is JudgedMutant => verdict !== undefined);
    const notRun = picked.filter((_, at) => verdicts[at] === undefined);
    return {
      seconds: (Date.now() - started) / 1000,
      baselineSeconds,
      models,
      macroFiles: macroFiles.map((file) => file.path),
      outsidePlan,
      generated: mutants.length,
      ...(changedSince === undefined ? {} : { changedSince }),
      sampled: picked.length,
      judged,
      notRun,
      score: scoreOf(judged.map((each) => each.verdict)),
      // The project's layers in build order, then the macros.
      byLayer: scoreBy([...project.config.layers.map((layer): MutantLayer => layer.name), 'macros'].flatMap((layer) => judged.filter((each) => each.mutant.layer === layer).map((each) => ({ key: layer, verdict: each.verdict })))),
      byOperator: scoreBy(judged.map((each) => ({ key: each.mutant.operator, verdict: each.verdict }))),
      staleAllowed: options.allowList.filter(
        (entry) => mutants.some((mutant) => mutant.path === entry.file) && !mutants.some((mutant) => allowedEntry(mutant, [entry]) !== undefined),
      ),
      killedAllowed: judged.flatMap((each) => {
        const entry = each.verdict === 'killed' ? allowedEntry(each.mutant, options.allowList) : undefined;
        return entry === undefined ? [] : [entry];
      }),
    };
  } finally {
    await rm(options.workDir, { recursive: true, force: true });
  }
}

export interface PickedMutants {
  readonly models: readonly string[];
  /** The selected macro files (`sql/macros/run_day.sql`). */
  readonly macroFiles: readonly ModelSource[];
  /** Model and macro files with mutants that the fixture's plan never runs (another CRM system's). */
  readonly outsidePlan: readonly string[];
  /** Every mutant of the selected models and macro files. */
  readonly mutants: readonly Mutant[];
  readonly changedSince?: ChangedSince;
  /** The sample of them (all of them without one), in file order; with --changed-since, of those on changed lines. */
  readonly picked: readonly Mutant[];
}

export interface ChangedSince {
  readonly revision: string;
  readonly commit: string;
  /** Mutants whose edit starts on a line changed since the revision. */
  readonly mutants: number;
}

/**
 * Models of the fixture's plan and the macro files it calls; with --select, the models it selects
 * and the macro files a `path:sql/macros…` selector names.
 */
export async function pickMutants(project: Project, options: Pick<MutationRunOptions, 'suite' | 'select' | 'changedSince' | 'sample' | 'seed'>): Promise<PickedMutants> {
  const plan = compileProject(project, { target: 'duckdb', vars: options.suite.vars });
  const called = calledMacroFiles(project, plan);
  const allMacroFiles = await macroFilesOf(project);
  const select = options.select ?? [];
  const macroSelectors = select.filter((selector) => selector.startsWith(MACRO_PATH));
  const modelSelectors = select.filter((selector) => !selector.startsWith(MACRO_PATH));
  const models = select.length === 0 ? plan.models.map((model) => model.name) : selectedModels(plan, modelSelectors);
  const macroFiles = allMacroFiles.filter(
    (file) => called.has(file.path) && (select.length === 0 || macroSelectors.some((selector) => file.path.startsWith(selector.slice('path:'.length)))),
  );
  if (models.length === 0 && macroFiles.length === 0) throw new Error(`--select ${select.join(' ')} selects no model and no macro file the fixture's plan calls`);
  const inPlan = new Set(plan.models.map((model) => model.path));
  const outsidePlan = [
    ...project.models.filter((model) => !inPlan.has(model.path)).map((model) => model.path),
    // A macro file without SQL to mutate (generate_schema_name: only template tags) is no loss.
    ...allMacroFiles.filter((file) => !called.has(file.path) && mutantsOf(file).length > 0).map((file) => file.path),
  ];
  const mutants = [...project.models.filter((model) => models.includes(model.name)).flatMap((model) => mutantsOf(model)), ...macroFiles.flatMap((file) => mutantsOf(file))];
  // The whole files' mutants stay in `mutants`: an allow-list entry on an unchanged line is not stale.
  const changed = options.changedSince === undefined ? undefined : changedLinesSince(project.root, options.changedSince, [...new Set(mutants.map((mutant) => mutant.path))]);
  const candidates = changed === undefined ? mutants : onChangedLines(mutants, changed);
  const picked = options.sample === undefined ? candidates : sampleMutants(candidates, options.sample, options.seed);
  return {
    models,
    macroFiles,
    outsidePlan,
    mutants,
    ...(changed === undefined ? {} : { changedSince: { revision: changed.revision, commit: changed.commit, mutants: candidates.length } }),
    picked,
  };
}

const MACRO_PATH = 'path:sql/macros';

function selectedModels(plan: Plan, selectors: readonly string[]): string[] {
  if (selectors.length === 0) return [];
  const selected = new Set(selectNodes(plan, { select: [...selectors] }).models);
  const names = plan.models.filter((model) => selected.has(model.id)).map((model) => model.name);
  if (names.length === 0) throw new Error(`--select ${selectors.join(' ')} selects no model`);
  return names;
}

function judge(outcome: MutantOutcome, allowList: readonly EquivalentMutant[]): JudgedMutant {
  const entry = outcome.status === 'survived' ? allowedEntry(outcome.mutant, allowList) : undefined;
  const reason = entry?.reason ?? outcome.reason;
  return {
    mutant: outcome.mutant,
    verdict: entry === undefined ? outcome.status : 'equivalent',
    ...(reason === undefined ? {} : { reason }),
    ...(entry?.guarantee === undefined ? {} : { guarantee: entry.guarantee }),
    ...(outcome.check === undefined ? {} : { check: outcome.check }),
    seconds: outcome.seconds,
  };
}
