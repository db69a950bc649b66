/**
 * The EMF metrics the step Lambdas publish, named once for both sides: the Lambdas that emit them
 * (Powertools Metrics) and the dashboard and alarms that read them (lib/infra/pipeline-metrics.ts).
 * Powertools adds a `service` dimension to every metric, so readers must ask for it too.
 */
export const METRIC_SERVICE = 'crm-warehouse-pipeline';

export const PIPELINE_METRICS = {
  /** Failing data tests of a run, by `Severity` (error | warn). Count. */
  checkFailures: 'CheckFailures',
  /** Rows in each built model's staged relation, by `Model`. Count. */
  modelRows: 'ModelRows',
  /** Seconds Redshift spent on a step's batches, by `Step`. Seconds. */
  statementSeconds: 'StatementSeconds',
  /** Rows the raw load loaded and rejected. Count. */
  rowsLoaded: 'RawRowsLoaded',
  rowsRejected: 'RawRowsRejected',
  /** Source tables the run's freshness check found past error_after (or could not check), and past warn_after only. Count. */
  staleSources: 'StaleSources',
  warnSources: 'WarnSources',
  /** 1 when the Scoring step could not fit (too little labelled history) and staged no scores. Count. */
  scoringSkipped: 'ScoringSkipped',
  /** Business KPIs read from the published warehouse after each run. */
  pipelineValue: 'PipelineValue',
  winRate: 'WinRatePercent',
  revenue: 'Revenue',
  slaCompliance: 'SlaCompliancePercent',
  ticketBacklog: 'TicketBacklog',
  /** The latest trailing-twelve-month net and gross revenue retention, in percent (mart_revenue_retention_ttm). */
  netRevenueRetention: 'NetRevenueRetentionPercent',
  grossRevenueRetention: 'GrossRevenueRetentionPercent',
} as const;

export const METRIC_DIMENSIONS = { service: 'service', severity: 'Severity', model: 'Model', step: 'Step' } as const;
