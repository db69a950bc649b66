/**
 * Deals and their stage changes. Each deal's whole journey is simulated at once: created in an
 * early stage, then moves at random intervals until it closes or the landing ends. Every move is
 * one `deal_stage_changes` row in the extract of the day it happened (the first, with an empty
 * `from_stage`, is the stage the deal was created in), and the deal row is extracted again, with
 * the newer `updated_at`, on every day it changed. History before the first ingest day collapses
 * into the initial extract: its change log is complete, its deal rows show the latest state.
 */
import type { RowSink } from './daily-file-set.ts';
import { SEGMENT_ENTERPRISE, SEGMENT_MID_MARKET } from './crm-directory.ts';
import {
  CLOSED_LOST,
  CLOSED_WON,
  DEAL_STAGES,
  initialStage,
  isClosedStage,
  nextStage,
  STAGE_PROBABILITY_PERCENT,
} from './deal-stages.ts';
import { INVALID_DEAL_STAGE, UNPARSEABLE_AMOUNT } from './dirt-kinds.ts';
import { accountId, contactId, dealId, productId, stageChangeId, userId } from './entity-ids.ts';
import type { DirtTap } from './dirt-injector.ts';
import type { FamilyGenerator, GenerationContext } from './family-generator.ts';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR } from './ingest-calendar.ts';
import type { CatalogProduct } from './product-catalog.ts';
import { deriveSeed, RandomSource } from './random-source.ts';
import { forEachRevision, type RevisionRates } from './revision-schedule.ts';
import type { RosterUser } from './user-roster.ts';
import { formatBoolean, formatDate, formatHundredths, formatTimestamp } from './value-format.ts';
import { DEAL_KINDS } from './vocabulary.ts';

/** Stage moves are the deal's real edits; revisions add unchanged re-extracts and deletions. */
const REVISION_RATES: RevisionRates = { update: 0, touch: 0.01, delete: 0.0005 };
const TOUCH = 6;
const DELETE = 7;
const MAX_MOVES = 10;
/** Deal size range in dollars by account segment (enterprise, mid-market, SMB). */
const AMOUNT_RANGES: readonly (readonly [number, number])[] = [
  [40_000, 600_000],
  [8_000, 120_000],
  [1_000, 25_000],
];

export class DealsGenerator implements FamilyGenerator {
  private readonly random = new RandomSource(0);
  private readonly seed: number;
  private readonly orphanAccount: DirtTap;
  private readonly invalidStage: DirtTap;
  private readonly lostZeroAmount: DirtTap;
  private readonly unparseableAmount: DirtTap;
  private readonly missingCloseDate: DirtTap;
  private readonly dealRow: string[] = [];
  private readonly changeRow: string[] = [];
  private nextChange = 0;
  // Reused event buffers: a deal has a dozen events at most plus its revisions.
  private readonly eventTimes: number[] = [];
  private readonly eventCodes: number[] = [];
  private readonly journeyTimes: number[] = [];
  private readonly journeyCodes: number[] = [];
  private readonly revisionTimes: number[] = [];
  private readonly revisionCodes: number[] = [];

  constructor(
    private readonly context: GenerationContext,
    private readonly deals: RowSink,
    private readonly stageChanges: RowSink,
  ) {
    this.seed = deriveSeed(context.seed, 'deal-journeys');
    this.orphanAccount = context.dirt.tap('deal_orphan_account');
    this.invalidStage = context.dirt.tap('deal_stage_invalid');
    this.lostZeroAmount = context.dirt.tap('lost_deal_zero_amount');
    this.unparseableAmount = context.dirt.tap('unparseable_amount');
    this.missingCloseDate = context.dirt.tap('open_deal_missing_close_date');
  }

  get entityCount(): number {
    return this.context.directory.volumes.deals;
  }

  emitEntity(index: number): void {
    const { calendar, directory } = this.context;
    const createdAt = directory.deals.createdAt(index);
    const account = directory.dealAccount(index);
    const contact = directory.dealContact(index);
    const ownerIndex = directory.dealOwner(index);
    const productIndex = directory.dealProduct(index);
    const segment = directory.accountSegment(account);
    const random = this.random;
    random.reseed(deriveSeed(this.seed, index));

    const [minAmount, maxAmount] = AMOUNT_RANGES[segment] as readonly [number, number];
    const amountCents = Math.round(random.logUniform(minAmount, maxAmount) / 50) * 5000;
    const expectedCloseDate = formatDate(createdAt + random.int(14, 120) * SECONDS_PER_DAY);
    const product = directory.catalog.products[productIndex] as CatalogProduct;
    const dealName = `${directory.accountName(account).name} - ${product.name} (${random.pick(DEAL_KINDS)})`;
    const owner = directory.roster.users[ownerIndex] as RosterUser;
    this.planEvents(createdAt, segment);

    const times = this.eventTimes;
    const codes = this.eventCodes;
    let stage = -1;
    let closedAt = -1;
    let isDeleted = false;
    for (let event = 0; event < times.length; event += 1) {
      const at = times[event] as number;
      const code = codes[event] as number;
      const day = calendar.dayIndexOf(at);
      if (code === DELETE) {
        isDeleted = true;
      } else if (code !== TOUCH) {
        const changedBy = random.chance(0.9) || owner.managerIndex < 0 ? owner.index : owner.managerIndex;
        this.writeStageChange(day, index, stage, code, at, changedBy);
        stage = code;
        if (isClosedStage(stage)) closedAt = at;
      }
      const nextDay = event + 1 < times.length ? calendar.dayIndexOf(times[event + 1] as number) : -1;
      if (nextDay === day && !isDeleted) continue;

      const row = this.dealRow;
      row[0] = dealId(index);
      row[1] = dealName;
      row[2] = this.orphanAccount.take()
        ? accountId(directory.volumes.accounts + Math.floor(this.orphanAccount.nextUnit() * 10_000))
        : accountId(account);
      row[3] = contact < 0 ? '' : contactId(contact);
      row[4] = userId(ownerIndex);
      row[5] = productId(productIndex);
      row[6] = stage === CLOSED_WON && this.invalidStage.take() ? INVALID_DEAL_STAGE : (DEAL_STAGES[stage] as string);
      const zeroAmount = stage === CLOSED_LOST && this.lostZeroAmount.take();
      row[7] = zeroAmount ? '0.00' : this.unparseableAmount.take() ? UNPARSEABLE_AMOUNT : formatHundredths(amountCents);
      row[8] = formatHundredths((STAGE_PROBABILITY_PERCENT[stage] as number) * 100);
      row[9] = !isClosedStage(stage) && this.missingCloseDate.take() ? '' : expectedCloseDate;
      row[10] = closedAt < 0 ? '' : formatTimestamp(closedAt);
      row[11] = formatBoolean(isDeleted);
      row[12] = formatTimestamp(createdAt);
      row[13] = formatTimestamp(at);
      this.deals.write(day, row);
      if (isDeleted) break;
    }
  }

  /**
   * Fills the event buffers in time order: the journey (creation and moves up to the end of the
   * landing) merged with the revisions on change days.
   */
  private planEvents(createdAt: number, segment: number): void {
    const { calendar } = this.context;
    const random = this.random;
    const journeyTimes = this.journeyTimes;
    const journeyCodes = this.journeyCodes;
    journeyTimes.length = 0;
    journeyCodes.length = 0;
    // Bigger deals take longer; one deal in ten stalls for weeks between moves.
    const baseDays = segment === SEGMENT_ENTERPRISE ? 18 : segment === SEGMENT_MID_MARKET ? 10 : 6;
    const meanGap = (random.chance(0.1) ? 4 : 1) * baseDays * SECONDS_PER_DAY;
    let stage = initialStage(random);
    let at = createdAt;
    journeyTimes.push(at);
    journeyCodes.push(stage);
    for (let moves = 0; !isClosedStage(stage); moves += 1) {
      at += SECONDS_PER_HOUR + Math.floor(random.exponential(meanGap));
      if (at > calendar.timelineEnd) break;
      stage = moves + 1 >= MAX_MOVES ? CLOSED_LOST : nextStage(stage, random);
      journeyTimes.push(at);
      journeyCodes.push(stage);
    }

    const revisionTimes = this.revisionTimes;
    const revisionCodes = this.revisionCodes;
    revisionTimes.length = 0;
    revisionCodes.length = 0;
    forEachRevision(random, calendar, calendar.dayIndexOf(createdAt), REVISION_RATES, (_day, when, kind) => {
      revisionTimes.push(when);
      revisionCodes.push(kind === 'delete' ? DELETE : TOUCH);
    });

    const times = this.eventTimes;
    const codes = this.eventCodes;
    times.length = 0;
    codes.length = 0;
    let journey = 0;
    let revision = 0;
    while (journey < journeyTimes.length || revision < revisionTimes.length) {
      const takeJourney =
        revision >= revisionTimes.length ||
        (journey < journeyTimes.length && (journeyTimes[journey] as number) <= (revisionTimes[revision] as number));
      if (takeJourney) {
        times.push(journeyTimes[journey] as number);
        codes.push(journeyCodes[journey] as number);
        journey += 1;
      } else {
        times.push(revisionTimes[revision] as number);
        codes.push(revisionCodes[revision] as number);
        revision += 1;
      }
    }
  }

  private writeStageChange(day: number, deal: number, from: number, to: number, at: number, changedBy: number): void {
    const row = this.changeRow;
    row[0] = stageChangeId(this.nextChange);
    this.nextChange += 1;
    row[1] = dealId(deal);
    row[2] = from < 0 ? '' : (DEAL_STAGES[from] as string);
    row[3] = DEAL_STAGES[to] as string;
    row[4] = formatTimestamp(at);
    row[5] = userId(changedBy);
    this.stageChanges.write(day, row);
  }
}
