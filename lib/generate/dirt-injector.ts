/**
 * Decides which rows get dirt, and counts them. A generator takes one `DirtTap` per kind it
 * plants and asks `take()` once for every row that could carry that kind; about `dirtyShare` of
 * those rows get it (a hundredth of that for the unparseable kinds). Each kind draws from its own
 * seeded stream, apart from the data's streams: turning dirt on or off never changes the clean
 * data, the same options always dirty the same rows, and kinds do not depend on the order in
 * which tables are generated.
 *
 * Each kind keeps a credit that grows by half to one and a half times its rate per eligible row
 * and pays out one dirty row per whole unit, so the count is exact. The credit starts short of a
 * unit by a random part of what twenty eligible rows earn at least: every kind shows up within
 * its first twenty eligible rows even at tiny test scales, yet not always on the first one.
 */
import { DIRT_KINDS, UNPARSEABLE_DIRT_KINDS, type DirtKind } from './dirt-kinds.ts';
import { deriveSeed, RandomSource } from './random-source.ts';

const UNPARSEABLE_SHARE_FACTOR = 0.01;
const FIRST_DIRT_WITHIN_ROWS = 20;

export class DirtTap {
  private credit: number;
  private taken = 0;

  private readonly random: RandomSource;

  constructor(
    readonly kind: DirtKind,
    private readonly rate: number,
    seed: number,
  ) {
    this.random = new RandomSource(seed);
    this.credit = 1 - this.random.next() * Math.min(1, (FIRST_DIRT_WITHIN_ROWS / 2) * rate);
  }

  get count(): number {
    return this.taken;
  }

  /** Call once per eligible row; true means: make this row dirty in this way. */
  take(): boolean {
    if (this.rate === 0) return false;
    this.credit += this.rate * (0.5 + this.random.next());
    if (this.credit < 1) return false;
    this.credit -= 1;
    this.taken += 1;
    return true;
  }

  /** For dirt decided outside the per-row flow (a whole missing file). */
  record(count = 1): void {
    this.taken += count;
  }

  /** A draw from this kind's stream, for choosing how a row is dirtied (which wrong case, which bad id). */
  nextUnit(): number {
    return this.random.next();
  }
}

export class DirtInjector {
  private readonly taps = new Map<DirtKind, DirtTap>();

  constructor(
    readonly dirtyShare: number,
    seed: number,
  ) {
    for (const kind of DIRT_KINDS) {
      const rate = UNPARSEABLE_DIRT_KINDS.includes(kind) ? dirtyShare * UNPARSEABLE_SHARE_FACTOR : dirtyShare;
      this.taps.set(kind, new DirtTap(kind, rate, deriveSeed(seed, kind)));
    }
  }

  get enabled(): boolean {
    return this.dirtyShare > 0;
  }

  tap(kind: DirtKind): DirtTap {
    return this.taps.get(kind) as DirtTap;
  }

  counts(): Record<DirtKind, number> {
    return Object.fromEntries(DIRT_KINDS.map((kind) => [kind, this.tap(kind).count])) as Record<DirtKind, number>;
  }
}
