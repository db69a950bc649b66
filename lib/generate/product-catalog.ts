/**
 * The product catalog, built once in memory (200 products per scale unit). Most products exist
 * before the history starts; the last tenth launch during it, in index order, so "products that
 * existed at time t" is a prefix of the catalog like every other family.
 */
import { CreationSchedule } from './creation-schedule.ts';
import { productId } from './entity-ids.ts';
import type { IngestCalendar } from './ingest-calendar.ts';
import { SECONDS_PER_DAY } from './ingest-calendar.ts';
import { cumulative, deriveSeed, type RandomSource } from './random-source.ts';
import { PRODUCT_BRANDS, PRODUCT_CATEGORIES, PRODUCT_CATEGORY_WEIGHTS, PRODUCT_TIERS } from './vocabulary.ts';

export interface CatalogProduct {
  readonly index: number;
  readonly productId: string;
  readonly name: string;
  readonly category: string;
  readonly unitPriceCents: number;
  readonly unitCostCents: number;
  readonly initialStock: number;
  readonly reorderLevel: number;
  readonly isActive: boolean;
  readonly createdAt: number;
}

export interface ProductCatalog {
  readonly products: readonly CatalogProduct[];
  /** Products launched at or before `time` are indices [0, result). */
  countCreatedBy(time: number): number;
}

const CATEGORY_CUMULATIVE = cumulative(PRODUCT_CATEGORY_WEIGHTS);

export function buildProductCatalog(count: number, rng: RandomSource, calendar: IngestCalendar, seed: number): ProductCatalog {
  const preexisting = Math.max(1, Math.ceil(count * 0.9));
  const launches = new CreationSchedule(
    count - preexisting,
    calendar.timelineStart,
    calendar.timelineEnd,
    deriveSeed(seed, 'product-launches'),
    0,
  );
  const products: CatalogProduct[] = [];
  for (let index = 0; index < count; index += 1) {
    const category = PRODUCT_CATEGORIES[rng.weightedIndex(CATEGORY_CUMULATIVE)] as (typeof PRODUCT_CATEGORIES)[number];
    // Prices end in 9 or 0 like real list prices.
    const unitPriceCents = Math.round(rng.logUniform(category.minPrice, category.maxPrice) / 10) * 1000 - (rng.chance(0.5) ? 100 : 0);
    const [minCostShare, maxCostShare] = category.costShare;
    const unitCostCents = Math.round(unitPriceCents * (minCostShare + rng.next() * (maxCostShare - minCostShare)));
    products.push({
      index,
      productId: productId(index),
      name: `${rng.pick(PRODUCT_BRANDS)} ${rng.pick(category.nouns)} ${rng.pick(PRODUCT_TIERS)}`,
      category: category.name,
      unitPriceCents,
      unitCostCents,
      initialStock: rng.int(0, 5000),
      reorderLevel: rng.int(1, 20) * 10,
      isActive: !rng.chance(0.08),
      createdAt:
        index < preexisting
          ? calendar.timelineStart - rng.int(30 * SECONDS_PER_DAY, 1000 * SECONDS_PER_DAY)
          : launches.createdAt(index - preexisting),
    });
  }
  return {
    products,
    countCreatedBy: (time) => preexisting + (count > preexisting ? launches.countCreatedBy(time) : 0),
  };
}
