/**
 * Support tickets. First responses follow the priority's SLA (urgent 4 h, high 8 h, medium 24 h,
 * low 72 h): most are answered in time, some breach it, a few never get an answer. Phone and chat
 * are answered within minutes. Answered tickets wait on the customer (pending), get solved after a
 * priority-dependent time, and close automatically three days later; some stay unsolved. A ticket
 * is extracted on every day its status changed.
 */
import type { RowSink } from './daily-file-set.ts';
import { INVALID_TICKET_PRIORITY } from './dirt-kinds.ts';
import { accountId, contactId, ticketId } from './entity-ids.ts';
import { extractedVersions } from './extract-versions.ts';
import type { DirtTap } from './dirt-injector.ts';
import type { FamilyGenerator, GenerationContext } from './family-generator.ts';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR } from './ingest-calendar.ts';
import { cumulative, deriveSeed, RandomSource } from './random-source.ts';
import { formatTimestamp } from './value-format.ts';
import { MULTILINE_TICKET_SUBJECT, TICKET_SUBJECTS } from './vocabulary.ts';

export const TICKET_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
const PRIORITY_WEIGHTS = cumulative([30, 40, 20, 10]);
/** First-response SLA per priority. */
export const FIRST_RESPONSE_SLA_HOURS = [72, 24, 8, 4] as const;
/** Time from first response to solution per priority, as [min, max] hours. */
const RESOLUTION_HOURS: readonly (readonly [number, number])[] = [
  [24, 240],
  [4, 120],
  [2, 48],
  [1, 12],
];
export const TICKET_CHANNELS = ['email', 'web', 'chat', 'phone'] as const;
const CHANNEL_WEIGHTS = cumulative([40, 25, 20, 15]);
const WEB = 1;
const CHAT = 2;
const PHONE = 3;
const STATUS_AFTER_CHANGE = ['open', 'pending', 'solved', 'closed'] as const;
const AUTO_CLOSE_DELAY = 3 * SECONDS_PER_DAY;

export class TicketsGenerator implements FamilyGenerator {
  private readonly random = new RandomSource(0);
  private readonly seed: number;
  private readonly invalidPriority: DirtTap;
  private readonly row: string[] = [];
  /** Created, first response, solved, closed: a prefix of these happens. */
  private readonly times: number[] = [0, 0, 0, 0];

  constructor(
    private readonly context: GenerationContext,
    private readonly tickets: RowSink,
  ) {
    this.seed = deriveSeed(context.seed, 'tickets');
    this.invalidPriority = context.dirt.tap('ticket_priority_invalid');
  }

  get entityCount(): number {
    return this.context.directory.volumes.tickets;
  }

  emitEntity(index: number): void {
    const { calendar, directory } = this.context;
    const random = this.random;
    random.reseed(deriveSeed(this.seed, index));
    const createdAt = directory.tickets.createdAt(index);
    const account = directory.fates.pickTicketAccount(random, directory.accountsCreatedBy(createdAt), createdAt);
    const contact = directory.pickContact(account, createdAt, random.next());
    const priority = random.weightedIndex(PRIORITY_WEIGHTS);
    const channel = random.weightedIndex(CHANNEL_WEIGHTS);
    const subject = channel === WEB && random.chance(0.03) ? MULTILINE_TICKET_SUBJECT : random.pick(TICKET_SUBJECTS);

    const slaSeconds = (FIRST_RESPONSE_SLA_HOURS[priority] as number) * SECONDS_PER_HOUR;
    let responseDelay: number;
    if (channel === PHONE) responseDelay = random.int(0, 300);
    else if (channel === CHAT) responseDelay = random.int(60, 900);
    else if (random.chance(0.85)) responseDelay = 300 + Math.floor(random.next() * 0.9 * slaSeconds);
    else responseDelay = slaSeconds + Math.floor(random.next() * 2 * slaSeconds);
    const [minHours, maxHours] = RESOLUTION_HOURS[priority] as readonly [number, number];
    // A souring account's tickets take four times as long (account-fates.ts).
    const slowdown = directory.fates.isSouring(account, createdAt) ? 4 : 1;
    const resolutionDelay = Math.floor(random.logUniform(minHours, maxHours) * slowdown * SECONDS_PER_HOUR);
    const answered = !random.chance(0.02);
    const solved = answered && !random.chance(0.04);

    const times = this.times;
    times[0] = createdAt;
    times[1] = createdAt + responseDelay;
    times[2] = times[1] + resolutionDelay;
    times[3] = times[2] + AUTO_CLOSE_DELAY;
    const changes = !answered ? 1 : !solved ? 2 : 4;
    const versions = extractedVersions(calendar, times, changes);
    for (let lastChange = 0; versions >> lastChange !== 0; lastChange += 1) {
      if ((versions & (1 << lastChange)) === 0) continue;
      const day = calendar.dayIndexOf(times[lastChange] as number);
      const row = this.row;
      row[0] = ticketId(index);
      row[1] = accountId(account);
      row[2] = contact < 0 ? '' : contactId(contact);
      row[3] = subject;
      row[4] = this.invalidPriority.take() ? INVALID_TICKET_PRIORITY : (TICKET_PRIORITIES[priority] as string);
      row[5] = STATUS_AFTER_CHANGE[lastChange] as string;
      row[6] = TICKET_CHANNELS[channel] as string;
      row[7] = formatTimestamp(createdAt);
      row[8] = lastChange >= 1 ? formatTimestamp(times[1] as number) : '';
      row[9] = lastChange >= 2 ? formatTimestamp(times[2] as number) : '';
      row[10] = formatTimestamp(times[lastChange] as number);
      this.tickets.write(day, row);
    }
  }
}
