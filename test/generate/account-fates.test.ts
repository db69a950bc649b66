/** The documented causes of churn and expansion in the sample data (lib/generate/account-fates.ts). */
import { describe, expect, it } from 'vitest';
import { AccountFates } from '../../lib/generate/account-fates.ts';
import { CreationSchedule } from '../../lib/generate/creation-schedule.ts';
import { SECONDS_PER_DAY } from '../../lib/generate/ingest-calendar.ts';
import { RandomSource } from '../../lib/generate/random-source.ts';

const DAY = SECONDS_PER_DAY;
const START = Date.parse('2024-11-22T00:00:00Z') / 1000;
const END = START + 730 * DAY;
const COUNT = 4000;
const accounts = new CreationSchedule(COUNT, START, END, 17);
const fates = new AccountFates(accounts, COUNT, END, 42);

/** For each account, the first day (from creation to 200 days past the end) on which `state` holds. */
function firstDay(account: number, state: (account: number, time: number) => boolean): number | undefined {
  for (let time = accounts.createdAt(account); time < END + 200 * DAY; time += DAY) if (state(account, time)) return time;
  return undefined;
}

describe('account fates', () => {
  it('churn about 30% of accounts, at least 90 days after creation, after 120 days of souring', () => {
    let churning = 0;
    for (let account = 0; account < COUNT; account += 1) {
      const churnAt = firstDay(account, (each, time) => fates.hasChurned(each, time));
      if (churnAt === undefined) continue;
      churning += 1;
      expect(churnAt - accounts.createdAt(account)).toBeGreaterThanOrEqual(90 * DAY - DAY);
      expect(fates.isSouring(account, churnAt - DAY)).toBe(true);
      expect(fates.isSouring(account, churnAt - 119 * DAY)).toBe(true);
      expect(fates.isSouring(account, churnAt - 122 * DAY)).toBe(false);
      expect(fates.isSouring(account, churnAt)).toBe(false);
    }
    expect(churning / COUNT).toBeGreaterThan(0.27);
    expect(churning / COUNT).toBeLessThan(0.33);
  });

  it('expand about 30% of the others, after a 60-day lead-up, for 120 days; no account both churns and expands', () => {
    let expanding = 0;
    for (let account = 0; account < COUNT; account += 1) {
      const expandAt = firstDay(account, (each, time) => fates.isExpanding(each, time));
      if (expandAt === undefined) continue;
      expanding += 1;
      expect(firstDay(account, (each, time) => fates.hasChurned(each, time))).toBeUndefined();
      expect(fates.isInExpansionLeadUp(account, expandAt - DAY)).toBe(true);
      expect(fates.isInExpansionLeadUp(account, expandAt - 62 * DAY)).toBe(false);
      expect(fates.isExpanding(account, expandAt + 118 * DAY)).toBe(true);
      expect(fates.isExpanding(account, expandAt + 121 * DAY)).toBe(false);
    }
    expect(expanding / COUNT).toBeGreaterThan(0.18);
    expect(expanding / COUNT).toBeLessThan(0.24);
  });

  it('send orders to expanding accounts more often and never (almost) to churned ones; tickets to souring ones', () => {
    const random = new RandomSource(3);
    const time = END - 30 * DAY;
    const existing = accounts.countCreatedBy(time);
    const share = (pick: () => number, state: (account: number) => boolean): number => {
      let hits = 0;
      for (let draw = 0; draw < 20_000; draw += 1) if (state(pick())) hits += 1;
      return hits / 20_000;
    };
    const population = (state: (account: number) => boolean): number => {
      let hits = 0;
      for (let account = 0; account < existing; account += 1) if (state(account)) hits += 1;
      return hits / existing;
    };
    const expandingNow = (account: number): boolean => fates.isExpanding(account, time);
    const churnedNow = (account: number): boolean => fates.hasChurned(account, time);
    const souringNow = (account: number): boolean => fates.isSouring(account, time);
    expect(share(() => fates.pickOrderAccount(random, existing, time), expandingNow)).toBeGreaterThan(2.5 * population(expandingNow));
    expect(share(() => fates.pickOrderAccount(random, existing, time), churnedNow)).toBeLessThan(0.05 * population(churnedNow));
    expect(share(() => fates.pickTicketAccount(random, existing, time), souringNow)).toBeGreaterThan(2.5 * population(souringNow));
  });

  it('are the same for the same seed', () => {
    const again = new AccountFates(accounts, COUNT, END, 42);
    for (let account = 0; account < COUNT; account += 97) {
      expect(firstDay(account, (each, time) => again.hasChurned(each, time))).toBe(firstDay(account, (each, time) => fates.hasChurned(each, time)));
    }
  });
});
