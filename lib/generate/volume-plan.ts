/**
 * How many entities of each family a scale yields. At scale 1 the landing holds about one
 * million raw rows over all tables and days; row counts grow linearly with the scale. Contacts
 * follow from accounts (one to five each, three on average) and stage changes from the deals'
 * journeys; re-extracted versions add a little on top and grow with the number of change days.
 * The small dimension tables keep a floor so that a tiny test scale still has every team,
 * region and product category.
 */
export interface VolumePlan {
  readonly users: number;
  readonly products: number;
  readonly accounts: number;
  readonly deals: number;
  readonly activities: number;
  readonly tickets: number;
  readonly orders: number;
}

/** Entities at scale 1 (contacts: about 2.6 per account are created by the end, ≈ 52,000; stage changes ≈ 3.3 per deal ≈ 134,000). */
export const SCALE_ONE_VOLUMES: VolumePlan = {
  users: 150,
  products: 200,
  accounts: 20_000,
  deals: 40_000,
  activities: 440_000,
  tickets: 90_000,
  orders: 200_000,
};

const FLOORS: VolumePlan = {
  users: 40,
  products: 20,
  accounts: 10,
  deals: 10,
  activities: 10,
  tickets: 10,
  orders: 10,
};

export function planVolumes(scale: number): VolumePlan {
  const scaled = (family: keyof VolumePlan): number =>
    Math.max(FLOORS[family], Math.round(SCALE_ONE_VOLUMES[family] * scale));
  return {
    users: scaled('users'),
    products: scaled('products'),
    accounts: scaled('accounts'),
    deals: scaled('deals'),
    activities: scaled('activities'),
    tickets: scaled('tickets'),
    orders: scaled('orders'),
  };
}
