/**
 * Random access to the population: who exists when, and how entities link to each other.
 * Every attribute derives from seeds, so any entity can be recomputed on demand; what other
 * families look up for every row (an account's owner and segment, its contact range, a deal's
 * links) is computed once into typed arrays, about 20 bytes per account and deal, so deals,
 * activities, tickets and orders point at real, already existing records without holding any
 * table's rows in memory.
 */
import { AccountFates } from './account-fates.ts';
import { CreationSchedule } from './creation-schedule.ts';
import type { IngestCalendar } from './ingest-calendar.ts';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR } from './ingest-calendar.ts';
import type { ProductCatalog } from './product-catalog.ts';
import { cumulative, deriveSeed, hashUnit, RandomSource } from './random-source.ts';
import { cellOf, type UserRoster } from './user-roster.ts';
import type { VolumePlan } from './volume-plan.ts';
import {
  ACCOUNT_TYPE_WEIGHTS,
  COMPANY_NOUNS,
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  COUNTRIES_BY_REGION,
  INDUSTRIES,
  LAST_NAMES,
  REGION_WEIGHTS,
  REGIONS,
} from './vocabulary.ts';
import { emailLocalPart } from './email-local-part.ts';

/** Account segments by head count; index = the sales team that owns them (see `TEAMS`). */
export const SEGMENT_ENTERPRISE = 0;
export const SEGMENT_MID_MARKET = 1;
export const SEGMENT_SMB = 2;

export interface AccountProfile {
  readonly createdAt: number;
  readonly industry: number;
  readonly accountType: number;
  readonly employeeCount: number;
  readonly revenuePerEmployeeCents: number;
  readonly segment: number;
  readonly region: number;
  readonly country: string;
  readonly city: string;
  readonly ownerIndex: number;
}

export interface AccountName {
  readonly name: string;
  /** Mail domain of the account's people. */
  readonly domain: string;
}


/** Transactional families start a month into the history, when accounts and contacts exist. */
const TRANSACTIONS_START_OFFSET = 30 * SECONDS_PER_DAY;
const MAX_CONTACTS_PER_ACCOUNT = 5;
const REGION_CUMULATIVE = cumulative(REGION_WEIGHTS);
const ACCOUNT_TYPE_CUMULATIVE = cumulative(ACCOUNT_TYPE_WEIGHTS);

export class CrmDirectory {
  readonly accounts: CreationSchedule;
  readonly deals: CreationSchedule;
  readonly activities: CreationSchedule;
  readonly tickets: CreationSchedule;
  readonly orders: CreationSchedule;
  /** Which accounts churn or expand, when, and what shows it beforehand. */
  readonly fates: AccountFates;
  /** Contacts of account a are indices [contactOffsets[a], contactOffsets[a + 1]). */
  readonly contactOffsets: Uint32Array;
  private readonly accountOwners: Uint32Array;
  private readonly accountSegments: Uint8Array;
  private readonly dealAccounts: Uint32Array;
  /** -1 when no contact of the account existed yet when the deal was opened. */
  private readonly dealContacts: Int32Array;
  private readonly dealOwners: Uint32Array;
  private readonly dealProducts: Uint32Array;

  private readonly profileRandom = new RandomSource(0);
  private readonly nameRandom = new RandomSource(0);
  private readonly linkRandom = new RandomSource(0);
  private readonly accountProfileSeed: number;
  private readonly accountNameSeed: number;
  private readonly contactTimingSeed: number;
  private readonly dealLinkSeed: number;

  constructor(
    readonly calendar: IngestCalendar,
    readonly volumes: VolumePlan,
    readonly roster: UserRoster,
    readonly catalog: ProductCatalog,
    seed: number,
  ) {
    const { timelineStart, timelineEnd } = calendar;
    const transactionsStart = Math.min(timelineStart + TRANSACTIONS_START_OFFSET, timelineEnd);
    this.accounts = new CreationSchedule(volumes.accounts, timelineStart, timelineEnd, deriveSeed(seed, 'account-times'));
    this.deals = new CreationSchedule(volumes.deals, transactionsStart, timelineEnd, deriveSeed(seed, 'deal-times'));
    this.activities = new CreationSchedule(volumes.activities, transactionsStart, timelineEnd, deriveSeed(seed, 'activity-times'));
    this.tickets = new CreationSchedule(volumes.tickets, transactionsStart, timelineEnd, deriveSeed(seed, 'ticket-times'));
    this.orders = new CreationSchedule(volumes.orders, transactionsStart, timelineEnd, deriveSeed(seed, 'order-times'));
    this.fates = new AccountFates(this.accounts, volumes.accounts, timelineEnd, seed);
    this.accountProfileSeed = deriveSeed(seed, 'account-profiles');
    this.accountNameSeed = deriveSeed(seed, 'account-names');
    this.contactTimingSeed = deriveSeed(seed, 'contact-times');
    this.dealLinkSeed = deriveSeed(seed, 'deal-links');

    const contactCountSeed = deriveSeed(seed, 'contact-counts');
    this.contactOffsets = new Uint32Array(volumes.accounts + 1);
    for (let account = 0; account < volumes.accounts; account += 1) {
      const count = 1 + Math.floor(hashUnit(contactCountSeed, account) * MAX_CONTACTS_PER_ACCOUNT);
      this.contactOffsets[account + 1] = (this.contactOffsets[account] as number) + count;
    }
    this.accountOwners = new Uint32Array(volumes.accounts);
    this.accountSegments = new Uint8Array(volumes.accounts);
    for (let account = 0; account < volumes.accounts; account += 1) {
      const profile = this.accountProfile(account);
      this.accountOwners[account] = profile.ownerIndex;
      this.accountSegments[account] = profile.segment;
    }
    this.dealAccounts = new Uint32Array(volumes.deals);
    this.dealContacts = new Int32Array(volumes.deals);
    this.dealOwners = new Uint32Array(volumes.deals);
    this.dealProducts = new Uint32Array(volumes.deals);
    for (let deal = 0; deal < volumes.deals; deal += 1) this.linkDeal(deal);
  }

  get contactCount(): number {
    return this.contactOffsets[this.volumes.accounts] as number;
  }

  /** Accounts [0, result) existed at `time`; at least one from the start of the history. */
  accountsCreatedBy(time: number): number {
    return this.accounts.countCreatedBy(time);
  }

  accountProfile(account: number): AccountProfile {
    const random = this.profileRandom;
    random.reseed(deriveSeed(this.accountProfileSeed, account));
    const industry = Math.floor(random.next() * INDUSTRIES.length);
    const accountType = random.weightedIndex(ACCOUNT_TYPE_CUMULATIVE);
    // Skewed towards small companies: about half SMB, a fifth mid-market, a quarter enterprise.
    const employeeCount = Math.round(5 * 10 ** (4 * random.next() ** 1.8));
    const segment = employeeCount >= 1000 ? SEGMENT_ENTERPRISE : employeeCount >= 100 ? SEGMENT_MID_MARKET : SEGMENT_SMB;
    const region = random.weightedIndex(REGION_CUMULATIVE);
    const countries = COUNTRIES_BY_REGION[region] ?? [];
    const place = random.pick(countries);
    const city = random.pick(place.cities);
    const revenuePerEmployeeCents = random.int(60_000, 400_000) * 100;
    const reps = this.roster.activeRepsByCell[cellOf(segment, region)] ?? [];
    const ownerIndex = random.pick(reps);
    return {
      createdAt: this.accounts.createdAt(account),
      industry,
      accountType,
      employeeCount,
      revenuePerEmployeeCents,
      segment,
      region,
      country: place.country,
      city,
      ownerIndex,
    };
  }

  accountName(account: number): AccountName {
    const random = this.nameRandom;
    random.reseed(deriveSeed(this.accountNameSeed, account));
    const word = random.pick(COMPANY_WORDS);
    const noun = random.pick(COMPANY_NOUNS);
    const surname = random.pick(LAST_NAMES);
    const otherSurname = random.pick(LAST_NAMES);
    const suffix = random.pick(COMPANY_SUFFIXES);
    const pattern = random.next();
    let name: string;
    let domainWords: string;
    if (pattern < 0.5) {
      name = `${word} ${noun} ${suffix}`;
      domainWords = word + noun;
    } else if (pattern < 0.7) {
      name = `${surname} ${noun}`;
      domainWords = surname + noun;
    } else if (pattern < 0.85) {
      name = `${surname}, ${otherSurname} & Partners`;
      domainWords = surname + otherSurname;
    } else if (pattern < 0.97) {
      name = `${word} ${noun}, ${suffix}`;
      domainWords = word + noun;
    } else {
      name = `The "${word}" ${noun} Company`;
      domainWords = `the${word}`;
    }
    return { name, domain: `${emailLocalPart(domainWords)}.example` };
  }

  /**
   * The first contact arrives with the account (same day, within two hours); later ones over the
   * following year, so some are not created yet when the landing ends and are never extracted.
   */
  contactCreatedAt(contact: number, account: number): number {
    const accountCreatedAt = this.accounts.createdAt(account);
    const unit = hashUnit(this.contactTimingSeed, contact);
    if (contact === this.contactOffsets[account]) {
      const endOfDay = (Math.floor(accountCreatedAt / SECONDS_PER_DAY) + 1) * SECONDS_PER_DAY - 1;
      return accountCreatedAt + Math.floor(unit * Math.min(2 * SECONDS_PER_HOUR, endOfDay - accountCreatedAt));
    }
    return accountCreatedAt + Math.floor(unit * unit * 365 * SECONDS_PER_DAY);
  }

  /** A contact of `account` that existed at `time`, drawn with `unit`; -1 when there is none yet. */
  pickContact(account: number, time: number, unit: number): number {
    const first = this.contactOffsets[account] as number;
    const count = (this.contactOffsets[account + 1] as number) - first;
    const drawn = first + Math.floor(unit * count);
    if (this.contactCreatedAt(drawn, account) <= time) return drawn;
    return this.contactCreatedAt(first, account) <= time ? first : -1;
  }

  accountOwner(account: number): number {
    return this.accountOwners[account] as number;
  }

  accountSegment(account: number): number {
    return this.accountSegments[account] as number;
  }

  dealAccount(deal: number): number {
    return this.dealAccounts[deal] as number;
  }

  dealContact(deal: number): number {
    return this.dealContacts[deal] as number;
  }

  dealOwner(deal: number): number {
    return this.dealOwners[deal] as number;
  }

  dealProduct(deal: number): number {
    return this.dealProducts[deal] as number;
  }

  /** A deal's account, contact, owner and product, drawn among those that existed when it was opened. */
  private linkDeal(deal: number): void {
    const createdAt = this.deals.createdAt(deal);
    const random = this.linkRandom;
    random.reseed(deriveSeed(this.dealLinkSeed, deal));
    const account = Math.floor(random.next() * this.accountsCreatedBy(createdAt));
    this.dealAccounts[deal] = account;
    this.dealContacts[deal] = this.pickContact(account, createdAt, random.next());
    this.dealProducts[deal] = Math.floor(random.next() * this.catalog.countCreatedBy(createdAt));
    // Most deals belong to the account owner; some go to a colleague of the same segment elsewhere.
    let owner = this.accountOwner(account);
    if (random.chance(0.1)) {
      const reps = this.roster.activeRepsByCell[cellOf(this.accountSegment(account), random.int(0, REGIONS.length - 1))] ?? [];
      if (reps.length > 0) owner = random.pick(reps);
    }
    this.dealOwners[deal] = owner;
  }

}
