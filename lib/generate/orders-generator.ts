/**
 * Orders: one product line each at the product's list price, with an optional discount of up to
 * 30%. An order goes pending → processing → shipped → delivered over a few days (`shipped_at` and
 * `delivered_at` appear as it gets there); some are cancelled before shipping and some are
 * returned after delivery. An order is extracted on every day its status changed.
 */
import type { RowSink } from './daily-file-set.ts';
import { accountId, contactId, orderId, productId } from './entity-ids.ts';
import { extractedVersions } from './extract-versions.ts';
import type { DirtTap } from './dirt-injector.ts';
import type { FamilyGenerator, GenerationContext } from './family-generator.ts';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR } from './ingest-calendar.ts';
import type { CatalogProduct } from './product-catalog.ts';
import { deriveSeed, RandomSource } from './random-source.ts';
import { formatHundredths, formatTimestamp } from './value-format.ts';

/** Largest quantity per order by account segment (enterprise, mid-market, SMB). */
const MAX_QUANTITY = [200, 50, 10] as const;
const NORMAL_PATH = ['pending', 'processing', 'shipped', 'delivered', 'returned'] as const;
const SHIPPED = 2;
const DELIVERED = 3;

export class OrdersGenerator implements FamilyGenerator {
  private readonly random = new RandomSource(0);
  private readonly seed: number;
  private readonly orphanProduct: DirtTap;
  private readonly negativeQuantity: DirtTap;
  private readonly missingField: DirtTap;
  private readonly row: string[] = [];
  private readonly times: number[] = [0, 0, 0, 0, 0];

  constructor(
    private readonly context: GenerationContext,
    private readonly orders: RowSink,
  ) {
    this.seed = deriveSeed(context.seed, 'orders');
    this.orphanProduct = context.dirt.tap('order_orphan_product');
    this.negativeQuantity = context.dirt.tap('order_negative_quantity');
    this.missingField = context.dirt.tap('row_missing_field');
  }

  get entityCount(): number {
    return this.context.directory.volumes.orders;
  }

  emitEntity(index: number): void {
    const { calendar, directory } = this.context;
    const random = this.random;
    random.reseed(deriveSeed(this.seed, index));
    const orderedAt = directory.orders.createdAt(index);
    const account = directory.fates.pickOrderAccount(random, directory.accountsCreatedBy(orderedAt), orderedAt);
    const contact = directory.pickContact(account, orderedAt, random.next());
    const product = directory.catalog.products[
      Math.floor(random.next() * directory.catalog.countCreatedBy(orderedAt))
    ] as CatalogProduct;
    const segment = directory.accountSegment(account);
    const maxQuantity = MAX_QUANTITY[segment] ?? 10;
    // Most orders are small; few reach the segment's maximum.
    const quantity = Math.max(1, Math.round(random.logUniform(1, maxQuantity)));
    const discountHundredths = random.chance(0.45) ? 0 : random.int(1, 60) * 50;
    const cancelled = random.chance(0.04);
    const returned = !cancelled && random.chance(0.03);

    const times = this.times;
    times[0] = orderedAt;
    times[1] = orderedAt + random.int(300, 12 * SECONDS_PER_HOUR);
    let changes: number;
    if (cancelled) {
      // Cancelled before it shipped: the second change is the cancellation, not processing.
      times[1] = orderedAt + random.int(SECONDS_PER_HOUR, 2 * SECONDS_PER_DAY);
      changes = 2;
    } else {
      times[2] = times[1] + random.int(12 * SECONDS_PER_HOUR, 3 * SECONDS_PER_DAY);
      times[3] = times[2] + random.int(SECONDS_PER_DAY, 6 * SECONDS_PER_DAY);
      times[4] = times[3] + random.int(2 * SECONDS_PER_DAY, 20 * SECONDS_PER_DAY);
      changes = returned ? 5 : 4;
    }
    const productIdText = productId(product.index);

    const versions = extractedVersions(calendar, times, changes);
    for (let lastChange = 0; versions >> lastChange !== 0; lastChange += 1) {
      if ((versions & (1 << lastChange)) === 0) continue;
      const day = calendar.dayIndexOf(times[lastChange] as number);
      const row = this.row;
      row[0] = orderId(index);
      row[1] = accountId(account);
      row[2] = contact < 0 ? '' : contactId(contact);
      row[3] = this.orphanProduct.take()
        ? productId(directory.catalog.products.length + Math.floor(this.orphanProduct.nextUnit() * 10_000))
        : productIdText;
      row[4] = String(this.negativeQuantity.take() ? -quantity : quantity);
      row[5] = formatHundredths(product.unitPriceCents);
      row[6] = formatHundredths(discountHundredths);
      row[7] = cancelled && lastChange === 1 ? 'cancelled' : (NORMAL_PATH[lastChange] as string);
      row[8] = formatTimestamp(orderedAt);
      row[9] = !cancelled && lastChange >= SHIPPED ? formatTimestamp(times[SHIPPED] as number) : '';
      row[10] = !cancelled && lastChange >= DELIVERED ? formatTimestamp(times[DELIVERED] as number) : '';
      row[11] = formatTimestamp(times[lastChange] as number);
      // A line one field short, as when an export drops a trailing empty column.
      this.orders.write(day, this.missingField.take() ? row.slice(0, -1) : row);
    }
  }
}
