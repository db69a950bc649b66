/** Accounts: every company once when created, then edits, unchanged re-extracts and deletions. */
import type { RowSink } from './daily-file-set.ts';
import { accountId, userId } from './entity-ids.ts';
import type { DirtTap } from './dirt-injector.ts';
import type { FamilyGenerator, GenerationContext } from './family-generator.ts';
import { deriveSeed, RandomSource } from './random-source.ts';
import { forEachRevision, type RevisionRates } from './revision-schedule.ts';
import { cellOf } from './user-roster.ts';
import { formatBoolean, formatHundredths, formatTimestamp } from './value-format.ts';
import { ACCOUNT_TYPES, INDUSTRIES } from './vocabulary.ts';

const REVISION_RATES: RevisionRates = { update: 0.004, touch: 0.002, delete: 0.0004 };

interface AccountVersion {
  employeeCount: number;
  ownerIndex: number;
  isDeleted: boolean;
  updatedAt: number;
}

export class AccountsGenerator implements FamilyGenerator {
  private readonly random = new RandomSource(0);
  private readonly seed: number;
  private readonly miscasedIndustry: DirtTap;
  private readonly row: string[] = [];

  constructor(
    private readonly context: GenerationContext,
    private readonly accounts: RowSink,
  ) {
    this.seed = deriveSeed(context.seed, 'account-revisions');
    this.miscasedIndustry = context.dirt.tap('account_industry_miscased');
  }

  get entityCount(): number {
    return this.context.directory.volumes.accounts;
  }

  emitEntity(index: number): void {
    const { calendar, directory } = this.context;
    const profile = directory.accountProfile(index);
    const name = directory.accountName(index).name;
    const random = this.random;
    random.reseed(deriveSeed(this.seed, index));
    const firstDay = calendar.dayIndexOf(profile.createdAt);
    const version: AccountVersion = {
      employeeCount: profile.employeeCount,
      ownerIndex: profile.ownerIndex,
      isDeleted: false,
      updatedAt: random.chance(0.5)
        ? profile.createdAt
        : profile.createdAt + Math.floor(random.next() * (calendar.dayEnd(firstDay) - profile.createdAt)),
    };
    const write = (day: number): void => {
      const row = this.row;
      const industry = INDUSTRIES[profile.industry] as string;
      row[0] = accountId(index);
      row[1] = name;
      row[2] = this.miscasedIndustry.take() ? miscase(industry, this.miscasedIndustry.nextUnit()) : industry;
      row[3] = ACCOUNT_TYPES[profile.accountType] as string;
      row[4] = formatHundredths(version.employeeCount * profile.revenuePerEmployeeCents);
      row[5] = String(version.employeeCount);
      row[6] = profile.country;
      row[7] = profile.city;
      row[8] = userId(version.ownerIndex);
      row[9] = formatBoolean(version.isDeleted);
      row[10] = formatTimestamp(profile.createdAt);
      row[11] = formatTimestamp(version.updatedAt);
      this.accounts.write(day, row);
    };
    write(firstDay);
    forEachRevision(random, calendar, firstDay, REVISION_RATES, (day, at, kind) => {
      version.updatedAt = at;
      if (kind === 'delete') version.isDeleted = true;
      if (kind === 'update') {
        version.employeeCount = Math.max(1, Math.round(version.employeeCount * (0.9 + random.next() * 0.3)));
        if (random.chance(0.2)) {
          const reps = directory.roster.activeRepsByCell[cellOf(profile.segment, profile.region)] ?? [];
          version.ownerIndex = random.pick(reps);
        }
      }
      write(day);
    });
  }
}

/** Upper or lower case, as a hand-typed or differently configured source would send it. */
function miscase(industry: string, unit: number): string {
  return unit < 0.5 ? industry.toUpperCase() : industry.toLowerCase();
}
