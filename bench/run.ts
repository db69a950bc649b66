/**
 * `npm run bench`: the warehouse's performance targets, measured in one run on this machine.
 * - Scale 1 (three days): one full build through the runner and one doing the same SQL work straight
 *   on DuckDB (bench/build-once.ts), each in a fresh process: seconds and CPU seconds of the load and
 *   of the models and tests, where the statement time goes, the runner's overhead; and one without any
 *   data test, what the load and the models alone cost.
 * - Scale 10 (four days; `BENCH_SCALES=1` leaves it out, it takes minutes): the first three days
 *   built in full, then the fourth day as the daily run does (load it, build incrementally), then a
 *   full refresh of the same warehouse; peak RSS of each process. And the fourth day on a copy of the
 *   first build without the marts rebuilt whole: the day's floor while those marts are tables.
 * - The cloud daily run through the local Data API endpoint (`BENCH_CLOUD=0` leaves it out): the
 *   end-to-end walk of the step Lambdas (test/lambdas/daily-run.e2e-endpoint.conformance.ts), its
 *   statements, batches and rows read for a full refresh, for the next, incremental day, and for that
 *   day again as a full refresh.
 * The landing data is generated into target/bench and kept (it is deterministic). Prints the figures
 * and writes bench/results.json, which says what each includes. Targets are reported, not asserted:
 * on a shared machine wall-clock seconds move with the load, so CPU seconds are printed beside them.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MEMORY_LIMIT } from '../lib/engines/duckdb/duckdb-engine.ts';
import { generateLanding } from '../lib/generate/generate-landing.ts';
import { STATEMENT_KIND_MEANING, type StatementKind } from './statement-kinds.ts';

interface BuildFigures {
  readonly mode: 'runner' | 'direct';
  readonly rowsLoaded: number;
  readonly loadSeconds: number;
  readonly transformSeconds: number;
  readonly totalSeconds: number;
  readonly loadCpuSeconds: number;
  readonly transformCpuSeconds: number;
  readonly maxRssMb: number;
  readonly statementSeconds: Record<StatementKind, { statements: number; seconds: number }>;
  readonly models?: number;
  readonly builtAsIncrements?: readonly string[];
  readonly tests?: number;
}

interface Landing {
  readonly dir: string;
  readonly rows: number;
  readonly ingestDates: readonly string[];
}

const SCALES = (process.env.BENCH_SCALES ?? '1,10').split(',').map(Number);
const CLOUD = process.env.BENCH_CLOUD !== '0';
/** DuckDB's memory_limit for the scale-10 builds; unset, the engine's default. */
const SCALE_10_MEMORY_LIMIT = process.env.BENCH_MEMORY_LIMIT;
const SEED = 42;
/** Scale 1's three days end on the project's run date; scale 10 adds the next day, the incremental one. */
const END_DATE = '2026-11-24';
const benchDir = join('target', 'bench');

async function landingFor(scale: number, days: number, endDate: string): Promise<Landing> {
  const dir = join(benchDir, `landing-scale-${scale}${days === 3 ? '' : `-days-${days}`}`);
  const marker = join(dir, 'generated.json');
  const ingestDates = Array.from({ length: days }, (_, index) => new Date(Date.parse(`${endDate}T00:00:00Z`) - (days - 1 - index) * 86_400_000).toISOString().slice(0, 10));
  if (existsSync(marker)) return { ...(JSON.parse(readFileSync(marker, 'utf8')) as { dir: string; rows: number }), ingestDates };
  const summary = await generateLanding({ outDir: dir, scale, days, seed: SEED, endDate, dirtyShare: 0.01 });
  writeFileSync(marker, JSON.stringify({ dir, rows: summary.totalRows, generateSeconds: summary.seconds }));
  return { dir, rows: summary.totalRows, ingestDates };
}

function measuredBuild(mode: 'runner' | 'direct', landing: string, database: string, options: readonly string[] = []): BuildFigures {
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'bench/build-once.ts', '--mode', mode, '--landing', landing, '--database', database, ...options], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '') as BuildFigures;
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

function statementSeconds(figures: BuildFigures): Record<string, number> {
  return Object.fromEntries(Object.entries(figures.statementSeconds).map(([kind, sum]) => [kind, round(sum.seconds)]));
}

function scaleOne(landing: Landing) {
  const database = join(benchDir, 'warehouse-scale-1');
  const runner = measuredBuild('runner', landing.dir, `${database}-runner.duckdb`);
  const direct = measuredBuild('direct', landing.dir, `${database}-direct.duckdb`);
  const withoutTests = measuredBuild('runner', landing.dir, `${database}-without-tests.duckdb`, ['--leave-out', 'tests']);
  return {
    scale: 1,
    rawRows: landing.rows,
    models: runner.models,
    buildSeconds: round(runner.totalSeconds),
    loadSeconds: round(runner.loadSeconds),
    transformSeconds: round(runner.transformSeconds),
    cpuSeconds: round(runner.loadCpuSeconds + runner.transformCpuSeconds),
    loadCpuSeconds: round(runner.loadCpuSeconds),
    transformCpuSeconds: round(runner.transformCpuSeconds),
    statementSeconds: statementSeconds(runner),
    peakRssMb: Math.round(runner.maxRssMb),
    directTransformSeconds: round(direct.transformSeconds),
    directTransformCpuSeconds: round(direct.transformCpuSeconds),
    runnerOverhead: round(runner.transformCpuSeconds / direct.transformCpuSeconds, 3),
    buildWithoutTests: { seconds: round(withoutTests.totalSeconds), loadSeconds: round(withoutTests.loadSeconds), cpuSeconds: round(withoutTests.loadCpuSeconds + withoutTests.transformCpuSeconds) },
  };
}

function scaleTen(landing: Landing) {
  const database = join(benchDir, 'warehouse-scale-10.duckdb');
  const firstDays = landing.ingestDates.slice(0, -1);
  const lastDay = landing.ingestDates.at(-1) ?? '';
  const memory = SCALE_10_MEMORY_LIMIT === undefined ? [] : ['--memory-limit', SCALE_10_MEMORY_LIMIT];
  const full = measuredBuild('runner', landing.dir, database, ['--ingest-dates', firstDays.join(','), '--run-date', firstDays.at(-1) ?? '', ...memory]);
  // The same day on a copy of the same warehouse, less the marts rebuilt whole: the floor of the day as
  // long as those marts' rows move with the run date (closing the first build checkpointed its WAL).
  const copy = join(benchDir, 'warehouse-scale-10-without-marts-rebuilt-whole.duckdb');
  copyFileSync(database, copy);
  const floor = measuredBuild('runner', landing.dir, copy, ['--existing', '--leave-out', 'marts-rebuilt-whole', '--ingest-dates', lastDay, '--run-date', lastDay, ...memory]);
  rmSync(copy);
  rmSync(`${copy}.wal`, { force: true });
  const day = measuredBuild('runner', landing.dir, database, ['--existing', '--ingest-dates', lastDay, '--run-date', lastDay, ...memory]);
  const refresh = measuredBuild('runner', landing.dir, database, ['--existing', '--full-refresh', '--ingest-dates', lastDay, '--run-date', lastDay, ...memory]);
  // Both days load the same new files; the full refresh's own load finds them loaded already.
  const incrementalSeconds = day.totalSeconds;
  const fullRefreshSeconds = day.loadSeconds + refresh.transformSeconds;
  const incrementalCpu = day.loadCpuSeconds + day.transformCpuSeconds;
  const fullRefreshCpu = day.loadCpuSeconds + refresh.transformCpuSeconds;
  return {
    scale: 10,
    rawRows: landing.rows,
    memoryLimit: SCALE_10_MEMORY_LIMIT ?? `engine default (${DEFAULT_MEMORY_LIMIT})`,
    firstBuild: { days: firstDays, seconds: round(full.totalSeconds), loadSeconds: round(full.loadSeconds), cpuSeconds: round(full.loadCpuSeconds + full.transformCpuSeconds), peakRssMb: Math.round(full.maxRssMb) },
    incrementalDay: {
      day: lastDay,
      seconds: round(incrementalSeconds),
      loadSeconds: round(day.loadSeconds),
      cpuSeconds: round(incrementalCpu),
      peakRssMb: Math.round(day.maxRssMb),
      builtAsIncrements: day.builtAsIncrements ?? [],
      statementSeconds: statementSeconds(day),
    },
    fullRefresh: { seconds: round(fullRefreshSeconds), cpuSeconds: round(fullRefreshCpu), peakRssMb: Math.round(refresh.maxRssMb), statementSeconds: statementSeconds(refresh) },
    incrementalDayWithoutMartsRebuiltWhole: {
      seconds: round(floor.totalSeconds),
      cpuSeconds: round(floor.loadCpuSeconds + floor.transformCpuSeconds),
      models: floor.models,
      tests: floor.tests,
      share: round(floor.totalSeconds / fullRefreshSeconds, 3),
    },
    incrementalShare: round(incrementalSeconds / fullRefreshSeconds, 3),
    incrementalCpuShare: round(incrementalCpu / fullRefreshCpu, 3),
    peakRssMb: Math.round(Math.max(full.maxRssMb, day.maxRssMb, refresh.maxRssMb)),
  };
}

interface CloudRun {
  readonly statesEntered: number;
  readonly batches: number;
  readonly statements: number;
  readonly rowsRead: number;
}

/**
 * The end-to-end walk prints a `daily-run figures {json}` line (run 1, run 2) and a `daily-run same-day
 * full refresh figures {json}` line (run 2's day again, as a full refresh); any failure of the walk
 * fails the bench.
 */
function cloudRuns(): { fullRefresh: CloudRun; incremental: CloudRun; sameDayFullRefresh: CloudRun } {
  const output = execFileSync('npx', ['vitest', 'run', '--config', 'test/conformance/vitest.config.ts', 'test/lambdas/daily-run.e2e-endpoint.conformance.ts'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const figures = (prefix: string): unknown => {
    const line = output.split('\n').find((text) => text.includes(`${prefix} {`));
    if (line === undefined) throw new Error(`the end-to-end walk printed no "${prefix}" line`);
    return JSON.parse(line.slice(line.indexOf('{')));
  };
  const runs = figures('daily-run figures') as { fullRefresh: CloudRun; incremental: CloudRun };
  return { ...runs, sameDayFullRefresh: figures('daily-run same-day full refresh figures') as CloudRun };
}

mkdirSync(benchDir, { recursive: true });
const one = SCALES.includes(1) ? scaleOne(await landingFor(1, 3, END_DATE)) : undefined;
if (one) console.log(JSON.stringify(one));
const nextDay = new Date(Date.parse(`${END_DATE}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const ten = SCALES.includes(10) ? scaleTen(await landingFor(10, 4, nextDay)) : undefined;
if (ten) console.log(JSON.stringify(ten));
const cloud = CLOUD ? cloudRuns() : undefined;
if (cloud) console.log(JSON.stringify(cloud));

// What each figure includes, written next to the figures so that nobody has to guess.
const DEFINITIONS = {
  rawRows: 'rows in the generated landing CSV files, every raw table and day',
  buildSeconds: 'scale 1, runner process: load + models + tests + publish, wall clock, closing the database included (process start and project compile excluded)',
  loadSeconds: 'the loader reading the landing folder into raw.*',
  transformSeconds: 'executePlan in build mode over every model and test (no unit tests): write-audit-publish, failing-row samples, row counts, audit rows, events; then closing the database',
  cpuSeconds: "CPU seconds of the process (user + system, DuckDB's threads included) for load + transform: what the build costs whatever else the machine runs",
  statementSeconds: `seconds of statements by kind, summed over the engine's two connections (so more than the wall clock when they overlap): ${JSON.stringify(STATEMENT_KIND_MEANING)}`,
  peakRssMb: "peak resident memory of the build process, from the process's own resource usage",
  directTransformSeconds:
    "direct process: the same SQL work without the runner (bench/build-once.ts): the runner's run graph, scheduler and parallelism (the engine's connections), each model created once, a view with tests stored once as the runner's snapshot table and read by its tests and by the tables and tests after it, every test's failing rows counted",
  runnerOverhead: 'runner transform CPU seconds / direct transform CPU seconds: the work the runner adds around the same SQL (1.0 = none)',
  firstBuild: 'scale 10: a full build of the first three days into an empty warehouse (run_date the third day)',
  incrementalDay: "scale 10: the fourth day on top of that warehouse, as a daily run: load the day's files, then build with run_date the fourth day (incremental models built as increments when the state allows; builtAsIncrements lists them)",
  fullRefresh: 'scale 10: the same warehouse and day rebuilt with --full-refresh: the same load of the day + a full rebuild of every model and test',
  incrementalDayWithoutMartsRebuiltWhole:
    'scale 10: the same incremental day on a copy of the same first build, leaving out the marts that are not incremental (rebuilt whole every day, as their rows move with the run date) and every test that reads one: the least the day costs while those marts are tables; share = its seconds / fullRefresh.seconds',
  buildWithoutTests: 'scale 1: the same full build without any data test (bench/build-once.ts --leave-out tests): what the load and the models alone cost',
  incrementalShare: 'incrementalDay.seconds / fullRefresh.seconds (target <= 0.10); incrementalCpuShare the same in CPU seconds',
  cloud:
    'the end-to-end walk of the step Lambdas through the local Data API endpoint (PGlite), generated landing at scale 0.01, two days: run 1 a full refresh into an empty warehouse, run 2 the next day (incremental); batches = BatchExecuteStatement calls, statements = their SQL statements, rowsRead = rows of the warehouse tables Postgres read (pg_stat_database tup_returned less the system catalog scans; the failures the walk injects around run 2\'s Publish are left out); sameDayFullRefresh: run 2\'s day run again as a full refresh over the same two days, the like-for-like comparison with run 2',
};

const report = {
  measuredAt: new Date().toISOString(),
  definitions: DEFINITIONS,
  machine: { cores: cpus().length, memoryGb: round(totalmem() / 2 ** 30, 1), loadAverage1m: round(loadavg()[0] ?? 0), node: process.version },
  scale1: one,
  scale10: ten,
  cloud,
  targets: {
    'scale 1 build <= 3.5 s': one ? { measured: one.buildSeconds, cpuSeconds: one.cpuSeconds, withoutTests: one.buildWithoutTests.seconds, met: one.buildSeconds <= 3.5 } : undefined,
    'peak RSS < 1 GB at scale 10': ten ? { measuredMb: ten.peakRssMb, met: ten.peakRssMb < 1024 } : undefined,
    'incremental day <= 10% of a full refresh at scale 10': ten ? { measured: ten.incrementalShare, cpu: ten.incrementalCpuShare, withoutMartsRebuiltWhole: ten.incrementalDayWithoutMartsRebuiltWhole.share, met: ten.incrementalShare <= 0.1 } : undefined,
  },
};

console.log('');
if (one) console.table([{ ...one, statementSeconds: JSON.stringify(one.statementSeconds), buildWithoutTests: one.buildWithoutTests.seconds }]);
if (ten) console.table([{ firstBuild: ten.firstBuild.seconds, incrementalDay: ten.incrementalDay.seconds, fullRefresh: ten.fullRefresh.seconds, share: ten.incrementalShare, cpuShare: ten.incrementalCpuShare, shareWithoutMartsRebuiltWhole: ten.incrementalDayWithoutMartsRebuiltWhole.share, peakRssMb: ten.peakRssMb }]);
if (cloud) console.table(cloud);
console.table(report.targets);
writeFileSync(join('bench', 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`Written to bench/results.json (load average at the end: ${report.machine.loadAverage1m} on ${report.machine.cores} cores).`);
