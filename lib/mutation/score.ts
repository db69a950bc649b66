/**
 * The mutation score: killed / (total − invalid − allowed equivalents), overall and per layer.
 * Mutants that broke the runner are left out of the denominator as well, and counted.
 */
import type { MutantStatus } from './mutant-execution.ts';

/** A run's verdict on one mutant: its execution status, or `equivalent` for an allowed survivor. */
export type Verdict = MutantStatus | 'equivalent';

export interface ScoreLine {
  readonly total: number;
  readonly killed: number;
  readonly survived: number;
  readonly equivalent: number;
  readonly invalid: number;
  readonly error: number;
  /** killed / (killed + survived); null when nothing counts. */
  readonly score: number | null;
}

export function scoreOf(verdicts: readonly Verdict[]): ScoreLine {
  const count = (verdict: Verdict): number => verdicts.filter((each) => each === verdict).length;
  const killed = count('killed');
  const survived = count('survived');
  const counted = verdicts.length - count('invalid') - count('equivalent') - count('error');
  return {
    total: verdicts.length,
    killed,
    survived,
    equivalent: count('equivalent'),
    invalid: count('invalid'),
    error: count('error'),
    score: counted === 0 ? null : killed / counted,
  };
}

/** One score line per group (layer, operator), groups in first-seen order. */
export function scoreBy<K extends string>(verdicts: readonly { key: K; verdict: Verdict }[]): Partial<Record<K, ScoreLine>> {
  const groups = new Map<K, Verdict[]>();
  for (const { key, verdict } of verdicts) groups.set(key, [...(groups.get(key) ?? []), verdict]);
  return Object.fromEntries([...groups].map(([key, group]) => [key, scoreOf(group)])) as Partial<Record<K, ScoreLine>>;
}
