/** The two predicted outcomes and the simple scores the backtest compares the models with. */
import type { LabelledSnapshot } from './training-rows.ts';

export type TargetName = 'churn' | 'upsell';

export interface Target {
  readonly name: TargetName;
  readonly label: (row: LabelledSnapshot) => number;
  /** Higher = more likely, for each baseline the backtest reports beside the model. */
  readonly baselines: Readonly<Record<string, (row: LabelledSnapshot) => number>>;
}

export const TARGETS: readonly Target[] = [
  {
    name: 'churn',
    label: (row) => row.churned,
    baselines: {
      // The account health score: a low score flags risk.
      health_score: (row) => -row.healthScore,
      // Recency alone: the longer since the last order, the likelier the churn.
      recency: (row) => row.daysSinceLastOrder,
    },
  },
  {
    name: 'upsell',
    label: (row) => row.upsold,
    baselines: {
      health_score: (row) => row.healthScore,
      recency: (row) => -row.daysSinceLastOrder,
    },
  },
];
