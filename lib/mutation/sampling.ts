/**
 * A deterministic sample of mutants: the same mutants and seed always give the same sample, on any
 * machine and with any number of workers (a seeded mulberry32 generator drives a partial
 * Fisher–Yates shuffle). The sample keeps file order.
 */
import type { Mutant } from './mutant.ts';

export function sampleMutants(mutants: readonly Mutant[], size: number, seed: number): Mutant[] {
  if (!Number.isInteger(size) || size < 0) throw new Error(`--sample must be a whole number of mutants, got ${size}`);
  if (size >= mutants.length) return [...mutants];
  const random = mulberry32(seed);
  const indexes = mutants.map((_, index) => index);
  for (let at = 0; at < size; at += 1) {
    const pick = at + Math.floor(random() * (indexes.length - at));
    [indexes[at], indexes[pick]] = [indexes[pick] as number, indexes[at] as number];
  }
  return indexes
    .slice(0, size)
    .sort((a, b) => a - b)
    .map((index) => mutants[index] as Mutant);
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
