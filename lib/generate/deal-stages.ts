/**
 * The sales funnel and how deals move through it. A deal mostly advances one stage at a time,
 * can drop out (closed_lost) anywhere, sometimes slips back a stage, and is won from negotiation
 * (rarely straight from proposal). About a fifth of deals end up won.
 */
import { cumulative, type RandomSource } from './random-source.ts';

/** In funnel order; a stage code is an index into this list. */
export const DEAL_STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost'] as const;
export const CLOSED_WON = 4;
export const CLOSED_LOST = 5;

/** Win probability in percent that the CRM shows for each stage. */
export const STAGE_PROBABILITY_PERCENT = [10, 25, 50, 75, 100, 0] as const;

const INITIAL_STAGE_WEIGHTS = cumulative([70, 20, 10]);

/** For each open stage: the stages it can move to and their weights. */
const MOVES: readonly { readonly to: readonly number[]; readonly weights: readonly number[] }[] = [
  { to: [1, CLOSED_LOST], weights: cumulative([65, 35]) },
  { to: [2, 0, CLOSED_LOST], weights: cumulative([60, 8, 32]) },
  { to: [3, 1, CLOSED_LOST, CLOSED_WON], weights: cumulative([60, 10, 25, 5]) },
  { to: [CLOSED_WON, 2, CLOSED_LOST], weights: cumulative([55, 10, 35]) },
];

export function isClosedStage(stage: number): boolean {
  return stage >= CLOSED_WON;
}

export function initialStage(random: RandomSource): number {
  return random.weightedIndex(INITIAL_STAGE_WEIGHTS);
}

export function nextStage(stage: number, random: RandomSource): number {
  const move = MOVES[stage];
  if (move === undefined) return stage;
  return move.to[random.weightedIndex(move.weights)] as number;
}
