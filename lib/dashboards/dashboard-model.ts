/**
 * What a dashboard is made of, as exported into the site: KPI tiles, then panels (charts and
 * tables) in reading order. Every figure in here was returned by a SQL query on the marts at
 * export time; the page only draws and formats it.
 */
import type { EChartsOption } from 'echarts';
import type { Row } from '../engines/engine.ts';
import type { ValueFormat } from './format/value-format.ts';

/** A headline number. Its SQL returns one row with a `value` column (and `detail` when `detail` is set). */
export interface KpiDefinition {
  /** Stable id, used in the page (`data-kpi`) and by tests. */
  readonly id: string;
  readonly label: string;
  /** The period the figure covers, shown beside the label (`12 months`, `QTD`); none for a current state. */
  readonly period?: string;
  readonly format: ValueFormat;
  /** What the number means, in a sales leader's words (shown on hover). */
  readonly description: string;
  readonly sql: string;
  /** A second, smaller figure under the value, e.g. `124 open deals` or `+8.1% vs prior 12 months`. */
  readonly detail?: { readonly format: ValueFormat; readonly suffix: string };
  /** How to colour the value: `risk` tiles read red when above zero. */
  readonly tone?: 'neutral' | 'risk';
}

export interface KpiTile extends KpiDefinition {
  readonly value: number | string | null;
  readonly detailValue?: number | string | null;
}

export type PanelWidth = 'full' | 'half' | 'third' | 'two-thirds';

interface PanelBase {
  readonly id: string;
  readonly title: string;
  /** Period and unit, e.g. `Last 12 months · amount won`. */
  readonly subtitle?: string;
  readonly width: PanelWidth;
}

export interface ChartPanel extends PanelBase {
  readonly kind: 'chart';
  /** Pixels. @default 320 */
  readonly height?: number;
  /** Formatters are marker strings (charts/formatter-markers.ts), resolved by the page script. */
  readonly option: EChartsOption;
}

export interface TableColumn {
  readonly key: string;
  readonly label: string;
  readonly format: ValueFormat;
  /** The cell links to another dashboard, opened on the row's `idKey` value (e.g. an account in Customer 360). */
  readonly link?: { readonly exposure: string; readonly idKey: string };
  /** What an empty cell says when empty has a meaning (e.g. `never` for a deal never touched). @default – */
  readonly missingText?: string;
}

export interface TablePanel extends PanelBase {
  readonly kind: 'table';
  readonly columns: readonly TableColumn[];
  readonly rows: readonly Row[];
  /** What an empty table says instead of showing nothing. */
  readonly emptyText: string;
}

/** Says in words what a panel would show and why it cannot (e.g. the warehouse was built without a step it needs). */
export interface MessagePanel extends PanelBase {
  readonly kind: 'message';
  readonly message: string;
}

/** The definitions of the figures on the page, term by term. */
export interface DefinitionsPanel extends PanelBase {
  readonly kind: 'definitions';
  readonly definitions: readonly { readonly term: string; readonly definition: string }[];
}

export type Panel = ChartPanel | TablePanel | MessagePanel | DefinitionsPanel;

/** What a dashboard's builder returns. */
export interface DashboardContent {
  readonly kpis: readonly KpiTile[];
  readonly panels: readonly Panel[];
  /** Customer 360 only: every account's profile, chosen in the page with a picker. */
  readonly accounts?: AccountDirectory;
}

/**
 * Customer 360: one row per account, column-wise (a list of names and rows of values) so that tens
 * of thousands of accounts stay a few megabytes, plus each account's latest deals.
 */
export interface AccountDirectory {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | boolean | null)[])[];
  readonly dealColumns: readonly string[];
  /** account_id → its deals, newest first, as rows of `dealColumns`. */
  readonly deals: Readonly<Record<string, readonly (readonly (string | number | boolean | null)[])[]>>;
  /** Tiles of the selected account; their SQL has an `{account_id}` placeholder. */
  readonly tiles: readonly AccountTileDefinition[];
  /** The account shown when the page opens. */
  readonly defaultAccountId: string | null;
  /** Quick picks: the largest customers and the accounts most at risk. */
  readonly shortlists: readonly { readonly label: string; readonly accountIds: readonly string[] }[];
  /** What the account view says in place of the churn and upsell scores when the warehouse has none. */
  readonly missingScores?: string;
}

export interface AccountTileDefinition {
  readonly id: string;
  readonly label: string;
  readonly format: ValueFormat;
  readonly description: string;
  /** The mart_customer_360 column shown. */
  readonly column: string;
  /** The tile's SQL; `{account_id}` stands for the selected account's id (a quoted literal). */
  readonly sql: string;
}

/** Everything a dashboard page is rendered from; also written as data/<exposure>.json and .js. */
export interface DashboardData extends DashboardContent {
  readonly exposure: string;
  readonly label: string;
  readonly description: string;
  readonly owner?: { readonly name?: string; readonly email?: string };
  readonly maturity?: string;
  /** The business date of the warehouse run (var run_date). */
  readonly runDate: string;
  /** When this export read the marts (ISO timestamp, UTC). */
  readonly exportedAt: string;
  /** When the marts this dashboard reads were last built successfully (audit.model_runs), if known. */
  readonly martsBuiltAt: string | null;
  /** The marts the exposure depends on (sql/exposures.yml). */
  readonly marts: readonly string[];
}
