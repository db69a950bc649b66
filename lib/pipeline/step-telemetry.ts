/**
 * What a step reports besides its result: structured log lines and EMF metrics. The Lambdas back
 * it with Powertools (lambdas/common/powertools.ts); tests record it.
 */
export type MetricUnit = 'Count' | 'Seconds' | 'Percent' | 'None';

export interface StepTelemetry {
  metric(name: string, unit: MetricUnit, value: number, dimensions?: Readonly<Record<string, string>>): void;
  info(message: string, details?: Readonly<Record<string, unknown>>): void;
  warn(message: string, details?: Readonly<Record<string, unknown>>): void;
}
