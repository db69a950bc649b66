/**
 * Activities: calls, emails, meetings, notes and tasks. Emails and notes are logged done; calls,
 * meetings and tasks are scheduled (`due_at`), most get completed with a duration, some stay
 * open. An activity is extracted when created and again on the day it is completed. About half
 * belong to a deal that was recently opened at the account; the rest only to an account.
 *
 * An open activity's `due_at` may lie after the landing's last day: it is a plan, like a deal's
 * expected close date, not an event.
 */
import type { RowSink } from './daily-file-set.ts';
import { UNPARSEABLE_TIMESTAMP } from './dirt-kinds.ts';
import { accountId, activityId, contactId, dealId, userId } from './entity-ids.ts';
import { extractedVersions } from './extract-versions.ts';
import type { DirtTap } from './dirt-injector.ts';
import type { FamilyGenerator, GenerationContext } from './family-generator.ts';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR } from './ingest-calendar.ts';
import { cumulative, deriveSeed, RandomSource } from './random-source.ts';
import { formatTimestamp } from './value-format.ts';
import { ACTIVITY_SUBJECTS } from './vocabulary.ts';

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note', 'task'] as const;
const TYPE_WEIGHTS = cumulative([25, 35, 15, 10, 15]);
const CALL = 0;
const MEETING = 2;
const TASK = 4;
/** Activities refer to deals opened at most this long before them. */
const RECENT_DEAL_WINDOW = 45 * SECONDS_PER_DAY;
const QUARTER_HOUR = 900;

export class ActivitiesGenerator implements FamilyGenerator {
  private readonly random = new RandomSource(0);
  private readonly seed: number;
  private readonly missingDueDate: DirtTap;
  private readonly unparseableTimestamp: DirtTap;
  private readonly row: string[] = [];
  private readonly times: number[] = [0, 0];

  constructor(
    private readonly context: GenerationContext,
    private readonly activities: RowSink,
  ) {
    this.seed = deriveSeed(context.seed, 'activities');
    this.missingDueDate = context.dirt.tap('open_activity_missing_due_date');
    this.unparseableTimestamp = context.dirt.tap('unparseable_timestamp');
  }

  get entityCount(): number {
    return this.context.directory.volumes.activities;
  }

  emitEntity(index: number): void {
    const { calendar, directory } = this.context;
    const random = this.random;
    random.reseed(deriveSeed(this.seed, index));
    const createdAt = directory.activities.createdAt(index);
    const type = random.weightedIndex(TYPE_WEIGHTS);
    const typeName = ACTIVITY_TYPES[type] as (typeof ACTIVITY_TYPES)[number];
    const subject = random.pick(ACTIVITY_SUBJECTS[typeName]);

    let account: number;
    let contact: number;
    let deal = -1;
    let owner: number;
    const recentDealsFrom = directory.deals.countCreatedBy(createdAt - RECENT_DEAL_WINDOW);
    const dealsSoFar = directory.deals.countCreatedBy(createdAt);
    const dealUnit = random.next();
    const accountUnit = random.next();
    const contactUnit = random.next();
    if (dealUnit < 0.55 && dealsSoFar > recentDealsFrom) {
      deal = recentDealsFrom + Math.floor(accountUnit * (dealsSoFar - recentDealsFrom));
      account = directory.dealAccount(deal);
      contact = directory.dealContact(deal);
      owner = directory.dealOwner(deal);
    } else {
      account = directory.fates.pickActivityAccount(random, directory.accountsCreatedBy(createdAt), createdAt);
      contact = directory.pickContact(account, createdAt, contactUnit);
      owner = directory.accountOwner(account);
    }

    let dueAt = -1;
    let completedAt = -1;
    let durationMinutes = -1;
    if (type === CALL) {
      dueAt = random.chance(0.4) ? createdAt : roundUp(createdAt + random.int(SECONDS_PER_HOUR, 5 * SECONDS_PER_DAY), QUARTER_HOUR);
      durationMinutes = random.int(2, 45);
      if (random.chance(0.9)) completedAt = dueAt + random.int(0, 30 * 60) + durationMinutes * 60;
    } else if (type === MEETING) {
      dueAt = roundUp(createdAt + random.int(SECONDS_PER_DAY, 14 * SECONDS_PER_DAY), 2 * QUARTER_HOUR);
      durationMinutes = random.int(1, 8) * 15;
      if (random.chance(0.92)) completedAt = dueAt + durationMinutes * 60;
    } else if (type === TASK) {
      dueAt = roundUp(createdAt + random.int(SECONDS_PER_DAY, 10 * SECONDS_PER_DAY), SECONDS_PER_HOUR);
      durationMinutes = random.int(5, 60);
      // Some tasks get done late: up to 30% past the due time.
      if (random.chance(0.85)) completedAt = createdAt + Math.floor(random.next() * 1.3 * (dueAt - createdAt));
    } else {
      completedAt = createdAt;
    }

    this.times[0] = createdAt;
    this.times[1] = completedAt;
    const versions = extractedVersions(calendar, this.times, completedAt < 0 ? 1 : 2);
    for (let lastChange = 0; versions >> lastChange !== 0; lastChange += 1) {
      if ((versions & (1 << lastChange)) === 0) continue;
      const day = calendar.dayIndexOf(this.times[lastChange] as number);
      const completed = lastChange === 1 || completedAt === createdAt;
      const row = this.row;
      row[0] = activityId(index);
      row[1] = typeName;
      row[2] = subject;
      row[3] = accountId(account);
      row[4] = contact < 0 ? '' : contactId(contact);
      row[5] = deal < 0 ? '' : dealId(deal);
      row[6] = userId(owner);
      row[7] = completed ? 'completed' : 'open';
      row[8] = dueAt < 0 || (!completed && this.missingDueDate.take()) ? '' : formatTimestamp(dueAt);
      row[9] = completed ? formatTimestamp(completedAt) : '';
      row[10] = completed && durationMinutes >= 0 ? String(durationMinutes) : '';
      row[11] = this.unparseableTimestamp.take() ? UNPARSEABLE_TIMESTAMP : formatTimestamp(createdAt);
      row[12] = formatTimestamp(completed ? completedAt : createdAt);
      this.activities.write(day, row);
    }
  }
}

function roundUp(time: number, step: number): number {
  return Math.ceil(time / step) * step;
}
