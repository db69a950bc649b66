/**
 * When each entity of a family was created. Creation times rise with the index, and their
 * density grows linearly over the span (a growing business), so "how many entities existed at
 * time t" is a formula. That formula lets a deal pick an account that already existed without
 * anyone storing account creation times.
 */
import { hashUnit } from './random-source.ts';

export class CreationSchedule {
  private readonly span: number;

  /**
   * @param growth how much denser creations are at the end than at the start, minus one
   *   (1.5 means 2.5 times as many per day at the end).
   */
  constructor(
    readonly count: number,
    readonly start: number,
    readonly end: number,
    private readonly seed: number,
    private readonly growth = 1.5,
  ) {
    this.span = end - start;
  }

  /**
   * Entity 0 is pinned to the start so that at least one entity exists from the start on; the
   * others fall at a seeded point inside their own slot of the cumulative distribution.
   */
  createdAt(index: number): number {
    const jitter = index === 0 ? 0 : hashUnit(this.seed, index);
    return this.start + Math.floor(this.span * this.inverseShare((index + jitter) / this.count));
  }

  /**
   * How many entities were certainly created at or before `time`: every index below the result
   * has `createdAt(index) <= time`. Never less than 1 from the start on (entity 0 is pinned there).
   */
  countCreatedBy(time: number): number {
    if (time < this.start) return 0;
    if (time >= this.end) return this.count;
    const share = this.share((time - this.start) / this.span);
    // The small margin keeps the guarantee despite rounding in share() and inverseShare().
    return Math.max(1, Math.min(this.count, Math.floor(this.count * share - 1e-7)));
  }

  /** Cumulative share of creations by position x in [0, 1] of the span. */
  private share(position: number): number {
    return (position + (this.growth * position * position) / 2) / (1 + this.growth / 2);
  }

  private inverseShare(share: number): number {
    if (this.growth === 0) return share;
    return (-1 + Math.sqrt(1 + 2 * this.growth * share * (1 + this.growth / 2))) / this.growth;
  }
}
