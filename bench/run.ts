/**
 * `npm run bench`: the warehouse's performance targets, measured in one run on this machine.
 * For scale 1 and 10: generate the landing data (kept in target/bench between runs: it is
 * deterministic), then one full build through the runner and one doing the same SQL work straight
 * on DuckDB (bench/build-once.ts), each in a fresh process. Prints a table and writes
 * bench/results.json, which says what each figure includes. Targets are reported, not asserted:
 * shared machines are noisy, so a ratio from the same run is the figure that means something.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { generateLanding } from '../lib/generate/generate-landing.ts';

interface BuildFigures {
  readonly mode: 'runner' | 'direct';
  readonly rowsLoaded: number;
  readonly loadSeconds: number;
  readonly transformSeconds: number;
  readonly totalSeconds: number;
  readonly maxRssMb: number;
}

const SCALES = (process.env.BENCH_SCALES ?? '1,10').split(',').map(Number);
const SEED = 42;
const DAYS = 3;
const END_DATE = '2026-11-24';
const benchDir = join('target', 'bench');

async function landingFor(scale: number): Promise<{ dir: string; rows: number; generateSeconds: number }> {
  const dir = join(benchDir, `landing-scale-${scale}`);
  const marker = join(dir, 'generated.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as { dir: string; rows: number; generateSeconds: number };
  const summary = await generateLanding({ outDir: dir, scale, days: DAYS, seed: SEED, endDate: END_DATE, dirtyShare: 0.01 });
  const figures = { dir, rows: summary.totalRows, generateSeconds: summary.seconds };
  writeFileSync(marker, JSON.stringify(figures));
  return figures;
}

function measuredBuild(mode: 'runner' | 'direct', landing: string, scale: number): BuildFigures {
  const database = join(benchDir, `warehouse-scale-${scale}-${mode}.duckdb`);
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'bench/build-once.ts', '--mode', mode, '--landing', landing, '--database', database], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const last = output.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as BuildFigures;
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

mkdirSync(benchDir, { recursive: true });
const results = [];
for (const scale of SCALES) {
  const landing = await landingFor(scale);
  console.log(`scale ${scale}: ${landing.rows.toLocaleString('en-US')} raw rows in ${landing.dir}; building…`);
  const runner = measuredBuild('runner', landing.dir, scale);
  const direct = measuredBuild('direct', landing.dir, scale);
  const result = {
    scale,
    rawRows: landing.rows,
    buildSeconds: round(runner.totalSeconds),
    loadSeconds: round(runner.loadSeconds),
    transformSeconds: round(runner.transformSeconds),
    rowsPerSecond: Math.round(landing.rows / runner.totalSeconds),
    peakRssMb: Math.round(runner.maxRssMb),
    directTransformSeconds: round(direct.transformSeconds),
    directTotalSeconds: round(direct.totalSeconds),
    directPeakRssMb: Math.round(direct.maxRssMb),
    runnerOverhead: round(runner.transformSeconds / direct.transformSeconds, 3),
  };
  // Printed as soon as measured: scale 10 takes minutes, and its numbers should not hide scale 1's.
  console.log(JSON.stringify(result));
  results.push(result);
}

const byScale = new Map(results.map((result) => [result.scale, result]));
const one = byScale.get(1);
const ten = byScale.get(10);
// What each figure includes, written next to the figures so that nobody has to guess.
const DEFINITIONS = {
  rawRows: 'rows in the generated landing CSV files, every raw table and day',
  buildSeconds: 'runner process: load + transform, wall clock (process start and project compile excluded)',
  loadSeconds: 'runner process: the loader reading the landing folder into raw.* (the same loader in both modes)',
  transformSeconds:
    'runner process: executePlan in build mode over every model and test (no unit tests): write-audit-publish, failing-row samples, row counts, audit rows, events',
  rowsPerSecond: 'rawRows / buildSeconds',
  peakRssMb: "runner process: peak resident memory (load and build), from the process's own resource usage",
  directTransformSeconds:
    "direct process: the same SQL work without the runner (bench/build-once.ts): the runner's run graph, scheduler and parallelism (the engine's connections), each model created once, a view with tests stored first as the runner's snapshot table for its tests, every test's failing rows counted",
  directTotalSeconds: 'direct process: load + direct transform',
  directPeakRssMb: 'direct process: peak resident memory',
  runnerOverhead: 'transformSeconds / directTransformSeconds: the time the runner adds around the same SQL work (1.0 = none); both run in the same bench run, one after the other',
};

const report = {
  measuredAt: new Date().toISOString(),
  definitions: DEFINITIONS,
  machine: { cores: cpus().length, memoryGb: round(totalmem() / 2 ** 30, 1), loadAverage1m: round(loadavg()[0] ?? 0), node: process.version },
  results,
  targets: {
    'scale 1 build <= 5 s': one ? { measured: one.buildSeconds, met: one.buildSeconds <= 5 } : undefined,
    'runner overhead <= 1.10x direct DuckDB': one ? { measured: one.runnerOverhead, met: one.runnerOverhead <= 1.1 } : undefined,
    'scale 10 <= 10x scale 1': one && ten ? { measured: round(ten.buildSeconds / one.buildSeconds), met: ten.buildSeconds <= 10 * one.buildSeconds } : undefined,
    'peak RSS <= 1 GB at scale 10': ten ? { measuredMb: ten.peakRssMb, met: ten.peakRssMb <= 1024 } : undefined,
  },
};

console.log('');
console.table(results);
console.table(report.targets);
writeFileSync(join('bench', 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`Written to bench/results.json (load average during the run: ${report.machine.loadAverage1m} on ${report.machine.cores} cores).`);
