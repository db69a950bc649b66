/**
 * Contacts: the people at each account, in account order. Contacts whose creation time lies
 * after the landing's last day do not exist yet and are skipped, which leaves gaps in the ids.
 */
import type { RowSink } from './daily-file-set.ts';
import { emailLocalPart } from './email-local-part.ts';
import { accountId, contactId } from './entity-ids.ts';
import type { FamilyGenerator, GenerationContext } from './family-generator.ts';
import { deriveSeed, RandomSource } from './random-source.ts';
import { forEachRevision, type RevisionRates } from './revision-schedule.ts';
import { formatBoolean, formatTimestamp } from './value-format.ts';
import { FIRST_NAMES, JOB_TITLES, LAST_NAMES } from './vocabulary.ts';

const REVISION_RATES: RevisionRates = { update: 0.003, touch: 0.002, delete: 0.0005 };

export class ContactsGenerator implements FamilyGenerator {
  private readonly random = new RandomSource(0);
  private readonly seed: number;
  private readonly row: string[] = [];
  /** The account of the contact being emitted; contacts come in account order. */
  private account = 0;
  private accountDomain = '';

  constructor(
    private readonly context: GenerationContext,
    private readonly contacts: RowSink,
  ) {
    this.seed = deriveSeed(context.seed, 'contact-profiles');
  }

  get entityCount(): number {
    return this.context.directory.contactCount;
  }

  emitEntity(index: number): void {
    const { calendar, directory } = this.context;
    const offsets = directory.contactOffsets;
    if (index === 0 || index >= (offsets[this.account + 1] as number)) {
      while (index >= (offsets[this.account + 1] as number)) this.account += 1;
      this.accountDomain = directory.accountName(this.account).domain;
    }
    const createdAt = directory.contactCreatedAt(index, this.account);
    if (createdAt > calendar.timelineEnd) return;

    const random = this.random;
    random.reseed(deriveSeed(this.seed, index));
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const email = `${emailLocalPart(firstName)}.${emailLocalPart(lastName)}@${this.accountDomain}`;
    let phone = random.chance(0.07) ? '' : randomPhone(random);
    let jobTitle = random.pick(JOB_TITLES);
    let isDeleted = false;
    const firstDay = calendar.dayIndexOf(createdAt);
    let updatedAt = random.chance(0.6) ? createdAt : createdAt + Math.floor(random.next() * (calendar.dayEnd(firstDay) - createdAt));

    const write = (day: number): void => {
      const row = this.row;
      row[0] = contactId(index);
      row[1] = accountId(this.account);
      row[2] = firstName;
      row[3] = lastName;
      row[4] = email;
      row[5] = phone;
      row[6] = jobTitle;
      row[7] = formatBoolean(isDeleted);
      row[8] = formatTimestamp(createdAt);
      row[9] = formatTimestamp(updatedAt);
      this.contacts.write(day, row);
    };
    write(firstDay);
    forEachRevision(random, calendar, firstDay, REVISION_RATES, (day, at, kind) => {
      updatedAt = at;
      if (kind === 'delete') isDeleted = true;
      if (kind === 'update') {
        if (random.chance(0.5)) jobTitle = random.pick(JOB_TITLES);
        else phone = randomPhone(random);
      }
      write(day);
    });
  }
}

function randomPhone(random: RandomSource): string {
  return `+1-555-${random.int(100, 999)}-${random.int(1000, 9999)}`;
}
