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
  /** Business KPIs read from the published warehouse after each run. */
  pipelineValue: 'PipelineValue',
  winRate: 'WinRatePercent',
  revenue: 'Revenue',
  slaCompliance: 'SlaCompliancePercent',
  ticketBacklog: 'TicketBacklog',
} as const;

export const METRIC_DIMENSIONS = { service: 'service', severity: 'Severity', model: 'Model', step: 'Step' } as const;
