/**
 * `npm run test:mutation`: mutates the model SQL, runs the model tests against every mutant and
 * prints the score. Exit 0 when the score reaches --min-score, 1 when it does not (or the runner
 * broke on a mutant), 2 when the run could not start (a bad option, a broken allow-list, an
 * unmutated project that fails its own tests).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { readAllowList } from './allow-list.ts';
import { projectFixtureSuite } from './fixture-suite.ts';
import { MUTATION_OPERATORS } from './mutation-operators.ts';
import { changedSinceText, place, reportText, resultJson } from './mutation-report.ts';
import { pickMutants, runMutation } from './mutation-run.ts';
import { loadProject } from '../project/load-project.ts';

export interface MutationIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export function mutationProgram(io: MutationIo, exit: (code: number) => void): Command {
  return new Command('test:mutation')
    .description('mutate the model SQL and run the model tests against each mutant (unit tests, the hand-checked fixture build, and the incremental chain for a survivor changing an incremental model)')
    .option('--project-dir <dir>', 'the project root', '.')
    .option('--select <selector...>', 'models to mutate, with dbt selectors (fact_deals, path:sql/facts, tag:fact); a .sql path works too')
    .option('--changed-since <rev>', 'only mutants starting on a line added or changed since the git revision (the working tree, uncommitted edits included)')
    .option('--sample <n>', 'run a deterministic sample of n mutants', wholeNumber('--sample'))
    .option('--seed <s>', 'seed of the sample', wholeNumber('--seed'), 1)
    .option('--workers <n>', 'mutants run side by side', positiveNumber('--workers'), Math.min(2, availableParallelism()))
    .option('--budget-seconds <s>', 'start no mutant after this many seconds', positiveNumber('--budget-seconds'))
    .option('--min-score <fraction>', 'exit 1 when the score is below this (0 to 1)', fraction, 0)
    .option('--allow-list <file>', 'reviewed equivalent mutants', 'test/mutation/equivalent-mutants.yml')
    .option('--out <file>', 'where the JSON result goes', 'target/mutation/result.json')
    .option('--list', 'print the mutants that would run, run nothing')
    .action(async (options: CommandOptions) => {
      exit(await runCommand(options, io));
    });
}

interface CommandOptions {
  readonly projectDir: string;
  readonly select?: string[];
  readonly changedSince?: string;
  readonly sample?: number;
  readonly seed: number;
  readonly workers: number;
  readonly budgetSeconds?: number;
  readonly minScore: number;
  readonly allowList: string;
  readonly out: string;
  readonly list?: boolean;
}

async function runCommand(options: CommandOptions, io: MutationIo): Promise<number> {
  const root = resolve(options.projectDir);
  const suite = projectFixtureSuite(root);
  const settings = {
    select: options.select ?? null,
    changedSince: options.changedSince ?? null,
    sample: options.sample ?? null,
    seed: options.seed,
    workers: options.workers,
    budgetSeconds: options.budgetSeconds ?? null,
    minScore: options.minScore,
    chain: suite.chain ?? null,
    operators: MUTATION_OPERATORS.map((operator) => ({ name: operator.name, description: operator.description })),
  };
  if (options.list === true) return listMutants(options, root, io);
  let result;
  try {
    const allowList = await readAllowList(resolve(root, options.allowList), MUTATION_OPERATORS.map((operator) => operator.name));
    result = await runMutation({
      suite,
      ...(options.select === undefined ? {} : { select: options.select.map(selector) }),
      ...(options.changedSince === undefined ? {} : { changedSince: options.changedSince }),
      ...(options.sample === undefined ? {} : { sample: options.sample }),
      seed: options.seed,
      workers: options.workers,
      ...(options.budgetSeconds === undefined ? {} : { budgetSeconds: options.budgetSeconds }),
      allowList,
      workDir: join(root, 'target/mutation/work'),
      onOutcome: (judged, done, of) => {
        // Every mutant a test did not kill, as it happens; otherwise a heartbeat every 100.
        if (judged.verdict !== 'killed') io.err(`[${done}/${of}] ${judged.verdict}: ${place(judged)}`);
        else if (done % 100 === 0) io.err(`[${done}/${of}]`);
      },
    });
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    return 2;
  }
  io.out(reportText(result));
  const out = resolve(root, options.out);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, resultJson(result, settings));
  io.out(`Result: ${out}`);
  const score = result.score.score ?? 0;
  if (result.score.error > 0) {
    io.err(`${result.score.error} mutants broke the runner (listed above): the score is not trustworthy`);
    return 1;
  }
  if (score < options.minScore) {
    io.err(`Score ${(score * 100).toFixed(1)}% is below --min-score ${(options.minScore * 100).toFixed(1)}%`);
    return 1;
  }
  return 0;
}

async function listMutants(options: CommandOptions, root: string, io: MutationIo): Promise<number> {
  try {
    const { mutants, changedSince, picked } = await pickMutants(await loadProject(root), {
      suite: projectFixtureSuite(root),
      ...(options.select === undefined ? {} : { select: options.select.map(selector) }),
      ...(options.changedSince === undefined ? {} : { changedSince: options.changedSince }),
      ...(options.sample === undefined ? {} : { sample: options.sample }),
      seed: options.seed,
    });
    for (const mutant of picked) io.out(`${mutant.path}:${mutant.line}:${mutant.column} ${mutant.operator}: ${JSON.stringify(mutant.original)} → ${JSON.stringify(mutant.mutated)}`);
    if (changedSince !== undefined) io.out(changedSinceText(changedSince, mutants.length));
    io.out(`${picked.length} mutants`);
    return 0;
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    return 2;
  }
}

/** A model file path selects that file, as dbt's `path:` does. */
function selector(value: string): string {
  return value.endsWith('.sql') && !value.startsWith('path:') ? `path:${value}` : value;
}

function wholeNumber(name: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number, got '${value}'`);
    return Number(value);
  };
}

function positiveNumber(name: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number <= 0) throw new InvalidArgumentError(`${name} must be a positive number, got '${value}'`);
    return number;
  };
}

function fraction(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1) throw new InvalidArgumentError(`--min-score must be between 0 and 1, got '${value}'`);
  return number;
}
