/** Customer 360: pick an account and see everything the warehouse knows about it, with its churn and upsell scores. */
import type { DashboardDefinition } from '../dashboard-definition.ts';
import type { AccountDirectory } from '../dashboard-model.ts';
import { findScores } from '../queries/account-scores-queries.ts';
import { ACCOUNT_COLUMNS, DEAL_COLUMNS, SCORE_COLUMNS, accountTiles, bookOfBusinessKpis, queryCustomer360 } from '../queries/customer-360-queries.ts';
import { queryKpis } from '../queries/run-queries.ts';

export const customer360Dashboard: DashboardDefinition = {
  exposure: 'customer_360_view',
  navLabel: 'Customer 360',
  async build({ engine, marts, runDate }) {
    const lookup = await findScores(engine, marts, runDate);
    const scores = 'relation' in lookup ? lookup.relation : null;
    const [kpis, data] = await Promise.all([queryKpis(engine, bookOfBusinessKpis(marts)), queryCustomer360(engine, marts, scores)]);
    const columns: readonly string[] = scores === null ? ACCOUNT_COLUMNS : [...ACCOUNT_COLUMNS, ...SCORE_COLUMNS];
    const deals: Record<string, (string | number | boolean | null)[][]> = {};
    for (const deal of data.deals) {
      const accountId = String(deal.account_id);
      (deals[accountId] ??= []).push(DEAL_COLUMNS.map((column) => deal[column] ?? null));
    }
    const accounts: AccountDirectory = {
      columns,
      rows: data.accounts.map((account) => columns.map((column) => account[column] ?? null)),
      dealColumns: DEAL_COLUMNS,
      deals,
      tiles: accountTiles(marts),
      defaultAccountId: data.largestCustomers[0] ?? (data.accounts[0] ? String(data.accounts[0].account_id) : null),
      shortlists: [
        { label: 'Largest customers', accountIds: data.largestCustomers },
        { label: 'Most at risk', accountIds: data.mostAtRisk },
        ...(scores === null
          ? []
          : [
              { label: 'Likely to churn', accountIds: data.likelyToChurn },
              { label: 'Likely to expand', accountIds: data.likelyToExpand },
            ]),
      ],
      ...('missing' in lookup ? { missingScores: lookup.missing } : {}),
    };
    return { kpis, panels: [], accounts };
  },
};
