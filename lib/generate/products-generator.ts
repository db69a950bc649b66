/** Products: the catalog, then stock movements re-extracted on change days. */
import type { RowSink } from './daily-file-set.ts';
import { MISSPELLED_CATEGORIES } from './dirt-kinds.ts';
import type { DirtTap } from './dirt-injector.ts';
import type { FamilyGenerator, GenerationContext } from './family-generator.ts';
import type { CatalogProduct } from './product-catalog.ts';
import { deriveSeed, RandomSource } from './random-source.ts';
import { forEachRevision, type RevisionRates } from './revision-schedule.ts';
import { formatBoolean, formatHundredths, formatTimestamp } from './value-format.ts';

/** Stock moves most days; price, name and category stay (price changes would re-price open deals). */
const REVISION_RATES: RevisionRates = { update: 0.3, touch: 0.02, delete: 0 };

export class ProductsGenerator implements FamilyGenerator {
  private readonly random = new RandomSource(0);
  private readonly seed: number;
  private readonly misspelledCategory: DirtTap;
  private readonly row: string[] = [];

  constructor(
    private readonly context: GenerationContext,
    private readonly products: RowSink,
  ) {
    this.seed = deriveSeed(context.seed, 'product-revisions');
    this.misspelledCategory = context.dirt.tap('product_category_misspelled');
  }

  get entityCount(): number {
    return this.context.directory.catalog.products.length;
  }

  emitEntity(index: number): void {
    const { calendar } = this.context;
    const product = this.context.directory.catalog.products[index] as CatalogProduct;
    const random = this.random;
    random.reseed(deriveSeed(this.seed, index));
    const firstDay = calendar.dayIndexOf(product.createdAt);
    const firstExtractEnd = calendar.dayEnd(firstDay);
    let stock = product.initialStock;
    this.write(firstDay, product, stock, product.createdAt + Math.floor(random.next() * (firstExtractEnd - product.createdAt)));
    forEachRevision(random, calendar, firstDay, REVISION_RATES, (day, at, kind) => {
      if (kind === 'update') {
        // Sales drain stock until it falls under the reorder level; then a delivery refills it.
        stock = stock < product.reorderLevel ? stock + random.int(5, 50) * product.reorderLevel : stock - random.int(1, Math.max(1, Math.floor(stock / 10)));
      }
      this.write(day, product, Math.max(0, stock), at);
    });
  }

  private write(day: number, product: CatalogProduct, stock: number, updatedAt: number): void {
    const row = this.row;
    row[0] = product.productId;
    row[1] = product.name;
    row[2] = this.misspelledCategory.take()
      ? (MISSPELLED_CATEGORIES[product.category] ?? product.category)
      : product.category;
    row[3] = formatHundredths(product.unitPriceCents);
    row[4] = formatHundredths(product.unitCostCents);
    row[5] = String(stock);
    row[6] = String(product.reorderLevel);
    row[7] = formatBoolean(product.isActive);
    row[8] = formatTimestamp(product.createdAt);
    row[9] = formatTimestamp(updatedAt);
    this.products.write(day, row);
  }
}
