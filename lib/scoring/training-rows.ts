/** Reads the labelled snapshots the models learn from: features joined to labels, existing customers only. */
import type { Engine, Row } from '../engines/engine.ts';
import { MODEL_FEATURES, featureSelectList } from './model-features.ts';

export interface LabelledSnapshot {
  readonly accountId: string;
  readonly snapshotDate: string;
  /** MODEL_FEATURES, in order. */
  readonly features: readonly number[];
  readonly healthScore: number;
  readonly daysSinceLastOrder: number;
  readonly churned: number;
  readonly upsold: number;
}

export interface ScoringRelations {
  /** As the engine's SQL names them, e.g. `marts.mart_account_features`. */
  readonly features: string;
  readonly labels: string;
}

/**
 * One query per snapshot date: a whole history in one result could pass the Data API's cap on a statement's
 * result set (https://docs.aws.amazon.com/redshift/latest/mgmt/data-api-troubleshooting.html), and a
 * snapshot's rows stay far below it.
 */
export async function readLabelledSnapshots(engine: Engine, relations: ScoringRelations): Promise<LabelledSnapshot[]> {
  const labelled = `labels.is_existing_customer
  and labels.is_churned is not null
  and labels.is_upsold is not null`;
  const dates = await engine.query(`select distinct labels.snapshot_date from ${relations.labels} as labels where ${labelled} order by labels.snapshot_date`);
  const snapshots: LabelledSnapshot[] = [];
  for (const date of dates) {
    const rows = await engine.query(`select
  features.account_id,
  features.snapshot_date,
  ${featureSelectList()},
  features.health_score,
  features.days_since_last_order,
  case when labels.is_churned then 1 else 0 end as churned,
  case when labels.is_upsold then 1 else 0 end as upsold
from ${relations.features} as features
inner join ${relations.labels} as labels
  on features.account_id = labels.account_id
  and features.snapshot_date = labels.snapshot_date
where ${labelled}
  and labels.snapshot_date = cast('${String(date.snapshot_date).slice(0, 10)}' as date)
order by features.account_id`);
    snapshots.push(...rows.map(toSnapshot));
  }
  return snapshots;
}

function toSnapshot(row: Row): LabelledSnapshot {
  return {
    accountId: String(row.account_id),
    snapshotDate: String(row.snapshot_date).slice(0, 10),
    features: MODEL_FEATURES.map((feature) => Number(row[`f_${feature.name}`])),
    healthScore: Number(row.health_score),
    daysSinceLastOrder: Number(row.days_since_last_order),
    churned: Number(row.churned),
    upsold: Number(row.upsold),
  };
}
