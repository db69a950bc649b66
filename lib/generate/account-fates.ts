/**
 * Why accounts churn and expand in the sample data: causes a model can learn, each visible in the records
 * before its outcome and none of them the outcome itself.
 *
 * - Churn. 30% of accounts stop buying at a moment (`churnAt`) drawn uniformly from 90 days after their
 *   creation to 180 days after the history ends (so some have not churned yet). For the 120 days before it
 *   the account sours: it files about four times as many support tickets, which take four times as long to
 *   resolve (most miss their SLA), its reps touch it less (70% of its other activities go elsewhere) and it
 *   orders less (half its orders go elsewhere). From `churnAt` on it orders nothing.
 * - Expansion. 30% of the other accounts expand at a moment (`expandAt`) drawn the same way from 60 days
 *   after creation. For the 60 days before it the account's reps work it harder (it draws about three times
 *   as many activities), and for 120 days from it the account orders about four times as often.
 *
 * Families pick accounts by drawing candidates (see the pick functions): every draw comes from the entity's
 * own seeded stream, so the data stays deterministic for a seed. Row counts do not change: a row the causes
 * turn away from an account goes to another one.
 */
import type { CreationSchedule } from './creation-schedule.ts';
import { SECONDS_PER_DAY } from './ingest-calendar.ts';
import { deriveSeed, hashUnit, type RandomSource } from './random-source.ts';

const CHURN_SHARE = 0.3;
const EXPANSION_SHARE = 0.3;
const SOURING_SECONDS = 120 * SECONDS_PER_DAY;
const LEAD_UP_SECONDS = 60 * SECONDS_PER_DAY;
const EXPANSION_SECONDS = 120 * SECONDS_PER_DAY;
const CANDIDATES = 4;

export class AccountFates {
  private readonly churnAt: Float64Array;
  private readonly expandAt: Float64Array;

  constructor(accounts: CreationSchedule, count: number, timelineEnd: number, seed: number) {
    this.churnAt = new Float64Array(count).fill(Number.POSITIVE_INFINITY);
    this.expandAt = new Float64Array(count).fill(Number.POSITIVE_INFINITY);
    const fateSeed = deriveSeed(seed, 'account-fates');
    const timeSeed = deriveSeed(seed, 'account-fate-times');
    for (let account = 0; account < count; account += 1) {
      const createdAt = accounts.createdAt(account);
      const fate = hashUnit(fateSeed, account);
      const unit = hashUnit(timeSeed, account);
      if (fate < CHURN_SHARE) {
        this.churnAt[account] = at(createdAt + 90 * SECONDS_PER_DAY, timelineEnd + 180 * SECONDS_PER_DAY, unit);
      } else if (fate < CHURN_SHARE + (1 - CHURN_SHARE) * EXPANSION_SHARE) {
        this.expandAt[account] = at(createdAt + 60 * SECONDS_PER_DAY, timelineEnd + 180 * SECONDS_PER_DAY, unit);
      }
    }
  }

  hasChurned(account: number, time: number): boolean {
    return time >= (this.churnAt[account] as number);
  }

  isSouring(account: number, time: number): boolean {
    const churnAt = this.churnAt[account] as number;
    return time < churnAt && time >= churnAt - SOURING_SECONDS;
  }

  isInExpansionLeadUp(account: number, time: number): boolean {
    const expandAt = this.expandAt[account] as number;
    return time < expandAt && time >= expandAt - LEAD_UP_SECONDS;
  }

  isExpanding(account: number, time: number): boolean {
    const expandAt = this.expandAt[account] as number;
    return time >= expandAt && time < expandAt + EXPANSION_SECONDS;
  }

  /** The account of an order at `time` among the `existing` accounts. */
  pickOrderAccount(random: RandomSource, existing: number, time: number): number {
    return this.pick(random, existing, (account) =>
      this.isExpanding(account, time) ? 'take' : this.hasChurned(account, time) || (this.isSouring(account, time) && random.chance(0.5)) ? 'refuse' : 'accept',
    );
  }

  /** The account of a support ticket. */
  pickTicketAccount(random: RandomSource, existing: number, time: number): number {
    return this.pick(random, existing, (account) => (this.isSouring(account, time) ? 'take' : 'accept'));
  }

  /** The account of an activity that is not about a deal. */
  pickActivityAccount(random: RandomSource, existing: number, time: number): number {
    return this.pick(random, existing, (account) =>
      this.isInExpansionLeadUp(account, time) ? 'take' : this.isSouring(account, time) && random.chance(0.7) ? 'refuse' : 'accept',
    );
  }

  /**
   * Draws up to CANDIDATES accounts: the first one judged 'take' wins at once, else the first 'accept', else
   * the last drawn. A 'take' account so gets about CANDIDATES times its share of rows.
   */
  private pick(random: RandomSource, existing: number, judge: (account: number) => 'take' | 'accept' | 'refuse'): number {
    let accepted = -1;
    let account = 0;
    for (let draw = 0; draw < CANDIDATES; draw += 1) {
      account = Math.floor(random.next() * existing);
      const verdict = judge(account);
      if (verdict === 'take') return account;
      if (verdict === 'accept' && accepted < 0) accepted = account;
    }
    return accepted >= 0 ? accepted : account;
  }
}

function at(from: number, to: number, unit: number): number {
  return from + unit * Math.max(0, to - from);
}
