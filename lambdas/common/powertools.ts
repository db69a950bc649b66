/**
 * Logger and metrics, created once per Lambda environment and shared by every invocation
 * (Powertools habit). Service name and metrics namespace come from the environment the CDK app
 * sets (POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { StepTelemetry } from '../../lib/pipeline/step-telemetry.ts';
import { METRIC_SERVICE } from '../../lib/pipeline/pipeline-metric-names.ts';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? METRIC_SERVICE });
export const metrics = new Metrics({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? METRIC_SERVICE, namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'CrmWarehouse' });

const UNITS = { Count: MetricUnit.Count, Seconds: MetricUnit.Seconds, Percent: MetricUnit.Percent, None: MetricUnit.NoUnit } as const;

/** The step library's telemetry, on Powertools: a metric with dimensions is published on its own. */
export const telemetry: StepTelemetry = {
  metric(name, unit, value, dimensions) {
    if (dimensions === undefined || Object.keys(dimensions).length === 0) {
      metrics.addMetric(name, UNITS[unit], value);
      return;
    }
    const single = metrics.singleMetric();
    single.addDimensions({ ...dimensions });
    single.addMetric(name, UNITS[unit], value);
  },
  info(message, details) {
    logger.info(message, { ...details });
  },
  warn(message, details) {
    logger.warn(message, { ...details });
  },
};
