import { Command, InvalidArgumentError, Option } from 'commander';
import { ProjectError, ProjectErrors } from '../project/errors.ts';
import type { CliIo } from './cli-io.ts';
import { compileCommand } from './commands/compile-command.ts';
import { debugCommand } from './commands/debug-command.ts';
import { devEndpointCommand, type DevEndpointOptions } from './commands/dev-endpoint-command.ts';
import { docsCommand, type DocsCommandOptions } from './commands/docs-command.ts';
import { executeCommand } from './commands/execute-command.ts';
import { generateCommand } from './commands/generate-command.ts';
import { EXPORT_FORMATS, landCommand, type LandCommandOptions } from './commands/land-command.ts';
import { lintCommand } from './commands/lint-command.ts';
import { loadCommand } from './commands/load-command.ts';
import { LS_OUTPUTS, lsCommand, RESOURCE_TYPES } from './commands/ls-command.ts';
import { retryCommand } from './commands/retry-command.ts';
import { scoreCommand } from './commands/score-command.ts';
import { seedCommand } from './commands/seed-command.ts';
import { SHOW_DEFAULT_LIMIT, SHOW_OUTPUTS, showCommand } from './commands/show-command.ts';
import { sourceFreshnessCommand } from './commands/source-command.ts';
import { CLI_TARGETS } from './open-warehouse.ts';
import { LOG_FORMATS } from './json-log.ts';
import { withSelector } from './named-selector.ts';
import { withNamedTarget } from './named-target.ts';
import { packageVersion } from './package-version.ts';
import { UsageError } from './usage-error.ts';

/** Exit codes like dbt's: 1 = the run had errors, 2 = the command could not run at all. */
export const EXIT_RUN_FAILED = 1;
export const EXIT_INVALID = 2;

function positiveInteger(flag: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError(`${flag} takes a whole number, got '${value}'`);
    return parsed;
  };
}

/** A count of at least 1; anything else is a usage error (exit code 2), not a failed run. */
function countOfAtLeastOne(flag: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 1) {
      const error = new InvalidArgumentError(`${flag} takes a whole number of at least 1, got '${value}'`);
      error.exitCode = EXIT_INVALID;
      throw error;
    }
    return parsed;
  };
}

function positiveNumber(flag: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError(`${flag} takes a positive number, got '${value}'`);
    return parsed;
  };
}

const projectOptions = (command: Command): Command =>
  command
    .option('--project-dir <dir>', 'folder that holds sql/', '.')
    .option('--target-path <dir>', 'where the plan, compiled SQL and the DuckDB file go', 'target')
    .option('--target <name>', `a target of profiles.yml (dev, ci, prod) or an engine: ${CLI_TARGETS.join(', ')}`, 'duckdb')
    .option('--vars <yaml>', "override project vars, as YAML: '{run_date: 2026-11-24}'");

const selectionOptions = (command: Command): Command =>
  command
    .option('-s, --select <selector...>', "nodes to include: name, tag:x, path:sql/facts, +name, name+, source:crm+ (space = union, comma = intersection)")
    .option('--exclude <selector...>', 'nodes to leave out, same syntax as --select')
    .option('--selector <name>', 'a named selection of selectors.yml, instead of --select and --exclude');

const stateOption = (command: Command): Command =>
  command.option('--state <dir>', "the target folder of an earlier run (production's): for state:modified, result:error and --defer");

const ciOptions = (command: Command): Command =>
  runOutputOptions(stateOption(command))
    .option('--defer', 'read the models left out of the selection where the --state run built them')
    .option('--warn-error', 'a warning fails the run (exit 1)')
    .option('-x, --fail-fast', 'after the first failure, skip every node not yet started')
    .option('--empty', 'build every selected model with no rows: checks that the SQL runs and makes its columns, in seconds');

const runOutputOptions = (command: Command): Command =>
  command
    .addOption(new Option('--log-format <format>', 'text, or json: one event a line').choices(LOG_FORMATS).default('text'))
    .option('-q, --quiet', 'print only the nodes that failed, one line each');

const redshiftOptions = (command: Command): Command =>
  command
    .option('--workgroup <name>', '--target redshift: the Redshift Serverless workgroup')
    .option('--database-name <name>', '--target redshift: the database in the workgroup')
    .option('--region <region>', '--target redshift: the AWS region (default: AWS_REGION or the profile)')
    .option('--data-api-endpoint <url>', '--target redshift: another Data API endpoint, e.g. the one `crm-warehouse dev-endpoint` prints')
    .option('--s3-root <dir>', '--target redshift: a local folder standing in for S3, listed instead of S3 (with the dev endpoint)');

const warehouseOptions = (command: Command): Command =>
  redshiftOptions(command)
    .option('--database <path>', 'the DuckDB file or PGlite data folder (default: <target-path>/warehouse.duckdb or warehouse-postgres)')
    .option('--threads <n>', 'how many models may build at once (at least 1)', countOfAtLeastOne('--threads'))
    .option('--debug', 'print every statement sent, with its duration, to stderr');

const loadOptions = (command: Command): Command =>
  command
    .option('--landing <dir>', 'the landing folder holding raw/<table>/ingest_date=YYYY-MM-DD/', 'data/landing')
    .option('--max-load-errors <n>', 'rejected raw rows tolerated before the load fails (default 10000)', positiveInteger('--max-load-errors'));

export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('crm-warehouse')
    .description('Build, test and document the CRM warehouse: one SQL project, run on DuckDB locally and Redshift in AWS.')
    .version(packageVersion())
    .showHelpAfterError()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) });

  const action =
    <T>(handler: (options: T, io: CliIo) => Promise<number>) =>
    async (options: T): Promise<void> => {
      try {
        setExitCode(await handler(await withSelector(await withNamedTarget(options)), io));
      } catch (error) {
        reportError(error, io);
        setExitCode(error instanceof ProjectError || error instanceof ProjectErrors || error instanceof UsageError ? EXIT_INVALID : EXIT_RUN_FAILED);
      }
    };

  program
    .command('generate')
    .description('write deterministic sample CRM extracts (with a little realistic dirt) to the landing folder')
    .option('--scale <n>', 'size; 1 is about a million raw rows', positiveNumber('--scale'), 1)
    .option('--days <n>', 'consecutive ingest days ending at --end-date', positiveInteger('--days'), 3)
    .option('--seed <n>', 'random seed; the same seed gives the same files', positiveInteger('--seed'), 42)
    .option('--out <dir>', 'landing folder to write', 'data/landing')
    .option('--end-date <date>', "last ingest date (default: the project's run_date var)")
    .option('--dirty-share <share>', 'share of rows given deliberate data-quality problems', Number, 0.01)
    .option('--if-missing', 'do nothing when the landing folder already has data')
    .option('--format <format>', "generic (the crm landing contract), or salesforce or hubspot: the same CRM as that system's export files", 'generic')
    .option('--scenario <name>', 'incremental-chain: one folder of files per day to land, with late, deleted and re-landed data (README)')
    .option('--project-dir <dir>', 'folder that holds sql/', '.')
    .action(action(generateCommand));

  program
    .command('land')
    .description("arrange a CRM system's export files (Salesforce Data Export or Bulk API 2.0, HubSpot) into the landing layout under one ingest date")
    .argument('<dir>', 'the folder of export files: <Object>.csv[.gz], one per object')
    .addOption(new Option('--from <format>', 'what the folder holds').choices(EXPORT_FORMATS).makeOptionMandatory())
    .option('--landing <dir>', 'landing folder to write', 'data/landing')
    .option('--ingest-date <date>', 'the day to land them as (default: today, UTC)')
    .option('--project-dir <dir>', 'folder that holds sql/', '.')
    .action((dir: string, options: LandCommandOptions) => action((landOptions: LandCommandOptions, cliIo) => landCommand(dir, landOptions, cliIo))(options));

  loadOptions(warehouseOptions(projectOptions(program.command('load'))))
    .description('load the landing folder into raw.* (idempotent per day; unparseable rows go to audit.load_errors)')
    .option('--ingest-date <date...>', 'load only these days')
    .option('--full-refresh', 'reload days whose files have not changed')
    .action(action(loadCommand));

  for (const mode of ['run', 'test', 'build'] as const) {
    const description = {
      run: 'build the selected models (write-audit-publish: error tests gate every swap)',
      test: 'run the selected tests against the published warehouse',
      build: 'load the landing folder, then build every selected model and run its tests in DAG order',
    }[mode];
    let command = ciOptions(selectionOptions(warehouseOptions(projectOptions(program.command(mode)))))
      .description(description)
      .option('--full-refresh', 'rebuild incremental models from scratch (build: also reload unchanged landing days)');
    if (mode === 'build') command = loadOptions(command);
    command.action(action((options: Parameters<typeof executeCommand>[1], cliIo) => executeCommand(mode, options, cliIo)));
  }

  runOutputOptions(selectionOptions(warehouseOptions(projectOptions(program.command('seed')))))
    .description('load the selected seeds (sql/seeds/*.csv) into the seeds schema and test them, as dbt seed')
    .option('--full-refresh', 'accepted for dbt compatibility: a seed is always rebuilt whole')
    .action(action((options: Parameters<typeof seedCommand>[0], cliIo) => seedCommand(options, cliIo)));

  loadOptions(runOutputOptions(warehouseOptions(projectOptions(program.command('retry')))))
    .description("run again what the last run, test or build in the target folder could not finish: its errors, failures and skips")
    .option('--full-refresh', 'rebuild incremental models from scratch (build: also reload unchanged landing days)')
    .option('--warn-error', 'a warning fails the run (exit 1)')
    .action(action(retryCommand));

  selectionOptions(projectOptions(program.command('compile')))
    .description('write target/manifest.json and target/compiled/; with --select, print the compiled SQL')
    .action(action(compileCommand));

  redshiftOptions(selectionOptions(projectOptions(program.command('show'))))
    .description("run one model's compiled query (or --inline SQL) against the warehouse with a limit and print the rows, as dbt show")
    .option('--inline <sql>', 'a query to run instead of a model; ref(), source(), var() and the macros work')
    .option('--limit <n>', 'how many rows to show (at least 1)', countOfAtLeastOne('--limit'), SHOW_DEFAULT_LIMIT)
    .addOption(new Option('--output <format>', 'text: a table; json: {"node", "show": rows}').choices(SHOW_OUTPUTS).default('text'))
    .option('--database <path>', 'the DuckDB file or PGlite data folder (default: <target-path>/warehouse.duckdb or warehouse-postgres)')
    .option('--debug', 'print every statement sent, with its duration, to stderr')
    .action(action(showCommand));

  stateOption(selectionOptions(projectOptions(program.command('ls'))))
    .description('list the selected nodes in build order')
    .addOption(new Option('--resource-type <type...>', 'only these kinds of node').choices(RESOURCE_TYPES))
    .addOption(new Option('--output <format>', 'name: one id a line; json: one object a line').choices(LS_OUTPUTS).default('name'))
    .action(action(lsCommand));

  const source = program.command('source').description('commands on the raw sources, as dbt: source freshness');
  selectionOptions(projectOptions(redshiftOptions(source.command('freshness'))))
    .description('check how fresh each selected source table is at the end of var run_date (dbt source freshness); exit 1 when one is ERROR STALE')
    .option('--database <path>', 'the DuckDB file or PGlite data folder (default: <target-path>/warehouse.duckdb or warehouse-postgres)')
    .option('--debug', 'print every statement sent, with its duration, to stderr')
    .action(action(sourceFreshnessCommand));

  redshiftOptions(projectOptions(program.command('score')))
    .description('after a build: backtest and fit the churn and upsell models on mart_account_features and rebuild mart_account_scores')
    .option('--database <path>', 'the DuckDB file or PGlite data folder (default: <target-path>/warehouse.duckdb or warehouse-postgres)')
    .option('--debug', 'print every statement sent, with its duration, to stderr')
    .action(action(scoreCommand));

  loadOptions(redshiftOptions(projectOptions(program.command('debug'))))
    .description('show versions and paths, and check that the project compiles and the warehouse answers')
    .option('--database <path>', 'the DuckDB file or PGlite data folder (default: <target-path>/warehouse.duckdb or warehouse-postgres)')
    .action(action(debugCommand));

  redshiftOptions(projectOptions(program.command('docs')))
    .description('write the docs site to <target-path>/docs: lineage graph, column lineage, model, source and exposure pages, latest test results')
    .option('--database <path>', 'the DuckDB file or PGlite data folder whose test results to show (default: <target-path>/warehouse.duckdb or warehouse-postgres)')
    .option('--serve', 'then serve the site on 127.0.0.1 until Ctrl-C')
    .option('--port <n>', '--serve: TCP port on 127.0.0.1 (0 = any free port)', positiveInteger('--port'), 8080)
    .option('--debug', 'print every statement sent, with its duration, to stderr')
    .action(action((options: DocsCommandOptions, cliIo) => docsCommand(options, cliIo)));

  projectOptions(program.command('lint'))
    .description('check every compiled model and test against what Redshift supports (also run by compile)')
    .option('--rules', 'list the rules, each with the Amazon Redshift reference page it follows, and lint nothing')
    .action(action(lintCommand));

  program
    .command('dev-endpoint')
    .description('serve the Redshift Data API locally on PGlite, for --target redshift --data-api-endpoint (until Ctrl-C)')
    .option('--port <n>', 'TCP port on 127.0.0.1 (0 = any free port)', positiveInteger('--port'), 4566)
    .option('--s3-root <dir>', 'local folder standing in for S3: s3://bucket/key is <dir>/bucket/key')
    .option('--data-dir <dir>', 'keep the database in this folder (default: in memory)')
    .action(action((options: DevEndpointOptions, cliIo) => devEndpointCommand(options, cliIo)));

  return program;
}

function reportError(error: unknown, io: CliIo): void {
  if (error instanceof ProjectErrors) {
    io.err(`${error.errors.length} problem${error.errors.length === 1 ? '' : 's'} in the project:`);
    for (const problem of error.errors) io.err(`  ${problem.message}`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`Error: ${message}`);
  // Users see the message; a developer chasing a bug can ask for the stack.
  if (process.env.CRM_WAREHOUSE_STACK && error instanceof Error && error.stack) io.err(error.stack);
}
