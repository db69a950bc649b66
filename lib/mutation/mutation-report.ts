/** The run as text for the console, and as JSON for target/mutation/result.json. */
import type { MutantCheck } from './mutant-execution.ts';
import type { ChangedSince, JudgedMutant, MutationRunResult } from './mutation-run.ts';
import type { ScoreLine } from './score.ts';

export function scoreText(line: ScoreLine): string {
  const score = line.score === null ? 'n/a' : `${(line.score * 100).toFixed(1)}%`;
  return `${score} (killed ${line.killed}, survived ${line.survived}, equivalent ${line.equivalent}, invalid ${line.invalid}${line.error > 0 ? `, runner errors ${line.error}` : ''}, total ${line.total})`;
}

export function place(judged: JudgedMutant): string {
  const { mutant } = judged;
  return `${mutant.path}:${mutant.line}:${mutant.column} ${mutant.operator}: ${JSON.stringify(mutant.original)} → ${JSON.stringify(mutant.mutated)}`;
}

export function reportText(result: MutationRunResult): string {
  const lines: string[] = [];
  const of = (verdict: string): JudgedMutant[] => result.judged.filter((each) => each.verdict === verdict);
  const survivors = of('survived');
  if (survivors.length > 0) lines.push(`Survived (${survivors.length}): no test failed`, ...survivors.map((each) => `  ${place(each)}`), '');
  const chainKills = of('killed').filter((each) => each.check === 'incremental chain');
  if (chainKills.length > 0) {
    lines.push(`Killed by the incremental chain (${chainKills.length}): they survived the unit tests and the fixture build`, ...chainKills.map((each) => `  ${place(each)} — ${firstLine(each.reason)}`), '');
  }
  const equivalents = of('equivalent');
  const onAnyData = equivalents.filter((each) => each.guarantee === undefined);
  const givenUpstream = equivalents.filter((each) => each.guarantee !== undefined);
  if (onAnyData.length > 0) lines.push(`Equivalent on any data (${onAnyData.length}, allow-listed)`, ...onAnyData.map((each) => `  ${place(each)} — ${each.reason ?? ''}`), '');
  if (givenUpstream.length > 0) {
    lines.push(
      `Equivalent on every input upstream can produce (${givenUpstream.length}, allow-listed)`,
      ...givenUpstream.map((each) => `  ${place(each)} — ${each.reason ?? ''} [given: ${each.guarantee ?? ''}]`),
      '',
    );
  }
  const invalid = of('invalid');
  if (invalid.length > 0) lines.push(`Invalid (${invalid.length}): does not compile`, ...invalid.map((each) => `  ${place(each)} — ${firstLine(each.reason)}`), '');
  const errors = of('error');
  if (errors.length > 0) lines.push(`Runner errors (${errors.length})`, ...errors.map((each) => `  ${place(each)} — ${firstLine(each.reason)}`), '');
  if (result.killedAllowed.length > 0) {
    lines.push(
      `Allow-list entries whose mutant was killed (not equivalent; remove them):`,
      ...result.killedAllowed.map((entry) => `  ${entry.file}:${entry.line} ${entry.operator}: ${JSON.stringify(entry.original)} → ${JSON.stringify(entry.mutated)}`),
      '',
    );
  }
  if (result.staleAllowed.length > 0) {
    lines.push(
      `Allow-list entries that match no mutant (the SQL changed; review them again):`,
      ...result.staleAllowed.map((entry) => `  ${entry.file}:${entry.line} ${entry.operator}: ${JSON.stringify(entry.original)} → ${JSON.stringify(entry.mutated)}`),
      '',
    );
  }
  lines.push(
    ...(result.outsidePlan.length === 0 ? [] : [`Not mutated, outside the fixture's plan: ${result.outsidePlan.join(', ')}`]),
    ...(result.changedSince === undefined ? [] : [changedSinceText(result.changedSince, result.generated)]),
    `Models: ${result.models.length}; macro files: ${result.macroFiles.length}; mutants: ${result.generated} generated, ${result.sampled} picked, ${result.judged.length} run, ${result.notRun.length} not run (budget)`,
    `Seconds: ${result.seconds.toFixed(1)} (baseline build ${result.baselineSeconds.toFixed(1)})`,
    `Score: ${scoreText(result.score)}`,
    `Killed by: ${Object.entries(killedBy(result.judged)).map(([check, count]) => `${check} ${count}`).join(', ')}`,
    `Equivalent: ${onAnyData.length} on any data, ${givenUpstream.length} given an upstream guarantee`,
    ...Object.entries(result.byLayer).flatMap(([layer, line]) => (line === undefined ? [] : [`  ${layer.padEnd(18)} ${scoreText(line)}`])),
    'By operator:',
    ...Object.entries(result.byOperator).flatMap(([operator, line]) => (line === undefined ? [] : [`  ${operator.padEnd(18)} ${scoreText(line)}`])),
  );
  return lines.join('\n');
}

export function resultJson(result: MutationRunResult, settings: Readonly<Record<string, unknown>>): string {
  const mutant = (each: JudgedMutant): Record<string, unknown> => {
    const { start: _start, end: _end, ...placed } = each.mutant;
    return {
      ...placed,
      verdict: each.verdict,
      ...(each.reason === undefined ? {} : { reason: each.reason }),
      ...(each.guarantee === undefined ? {} : { guarantee: each.guarantee }),
      ...(each.check === undefined ? {} : { check: each.check }),
      seconds: each.seconds,
    };
  };
  return `${JSON.stringify(
    {
      settings,
      seconds: result.seconds,
      baselineSeconds: result.baselineSeconds,
      models: result.models,
      macroFiles: result.macroFiles,
      outsidePlan: result.outsidePlan,
      generated: result.generated,
      changedSince: result.changedSince ?? null,
      sampled: result.sampled,
      run: result.judged.length,
      notRun: result.notRun.map((each) => each.id),
      score: result.score,
      killedBy: killedBy(result.judged),
      equivalent: {
        onAnyData: result.judged.filter((each) => each.verdict === 'equivalent' && each.guarantee === undefined).length,
        givenUpstream: result.judged.filter((each) => each.verdict === 'equivalent' && each.guarantee !== undefined).length,
      },
      byLayer: result.byLayer,
      byOperator: result.byOperator,
      killedAllowed: result.killedAllowed,
      staleAllowed: result.staleAllowed,
      mutants: result.judged.map(mutant),
    },
    null,
    2,
  )}\n`;
}

/** A score of the changed lines' mutants must not pass for the whole models'. */
export function changedSinceText(changed: ChangedSince, generated: number): string {
  return `Restricted to lines changed since ${changed.revision} (${changed.commit.slice(0, 12)}): ${changed.mutants} of ${generated} mutants; the score is of those lines only, not of the whole models`;
}

/** How many mutants each check killed, the checks in the order a mutant faces them. */
function killedBy(judged: readonly JudgedMutant[]): Record<MutantCheck, number> {
  const count = (check: MutantCheck): number => judged.filter((each) => each.verdict === 'killed' && each.check === check).length;
  return { 'unit tests': count('unit tests'), 'fixture build': count('fixture build'), 'incremental chain': count('incremental chain') };
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n', 1)[0] ?? '';
}
