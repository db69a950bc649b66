/**
 * The CloudWatch dashboard, widget by widget, against what README.md ("Dashboard and alarms")
 * says it shows: each item of that list is a widget graphing the metric the AWS service or the
 * step Lambdas publish, under the namespace and dimensions they publish it with.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC_DIMENSIONS, METRIC_SERVICE, PIPELINE_METRICS } from '../../lib/pipeline/pipeline-metric-names.ts';
import { flatten, synthesizeApp, repositorySteps } from './synth-app.ts';

const PIPELINE_STEPS = await repositorySteps();

/** One graphed metric: namespace, name, dimensions and the rendering options. */
interface GraphedMetric {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Record<string, string>;
  readonly options: { label?: string; stat?: string; period?: number };
  readonly axis: 'left' | 'right';
}

interface Widget {
  readonly type: string;
  readonly title: string;
  readonly metrics: GraphedMetric[];
  readonly alarms: string[];
  readonly horizontalAnnotations: { value: number; label?: string }[];
}

let widgets: Widget[];
let resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;

beforeAll(async () => {
  const { template } = await synthesizeApp();
  resources = template.toJSON().Resources as typeof resources;
  const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0] as { Properties: { DashboardBody: unknown } };
  const body = JSON.parse(flatten(dashboard.Properties.DashboardBody)) as { widgets: { type: string; properties: Record<string, unknown> }[] };
  widgets = body.widgets.map((widget) => ({
    type: widget.type,
    title: String(widget.properties.title ?? widget.properties.markdown ?? ''),
    metrics: ((widget.properties.metrics ?? []) as unknown[][]).map(graphedMetric),
    alarms: (widget.properties.alarms ?? []) as string[],
    horizontalAnnotations: ((widget.properties.annotations as { horizontal?: Widget['horizontalAnnotations'] } | undefined)?.horizontal ?? []),
  }));
});

/** A dashboard metric row, `[namespace, name, dimension, value, ..., { options }]`, read. */
function graphedMetric(row: unknown[]): GraphedMetric {
  const options = (typeof row.at(-1) === 'object' ? row.at(-1) : {}) as GraphedMetric['options'] & { yAxis?: string };
  const [namespace, name, ...rest] = row.filter((part) => typeof part === 'string') as string[];
  if (namespace === undefined || name === undefined) throw new Error(`not a metric row: ${JSON.stringify(row)}`);
  const dimensions: Record<string, string> = {};
  for (let index = 0; index + 1 < rest.length; index += 2) dimensions[rest[index] as string] = rest[index + 1] as string;
  // A row without `stat` is drawn as its Average (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
  return { namespace, name, dimensions, options: { stat: 'Average', ...options }, axis: options.yAxis === 'right' ? 'right' : 'left' };
}

function widget(title: string): Widget {
  const found = widgets.find((candidate) => candidate.title === title);
  if (found === undefined) throw new Error(`no widget titled '${title}' (have: ${widgets.map((candidate) => candidate.title).join(' | ')})`);
  return found;
}

function logicalIdOf(reference: string): string {
  const match = /^<(?:Ref|GetAtt):([A-Za-z0-9]+)/.exec(reference);
  if (match?.[1] === undefined) throw new Error(`not a reference: ${reference}`);
  return match[1];
}

/** The step whose function a `FunctionName` dimension names. */
function stepOfFunction(reference: string): string {
  const fn = resources[logicalIdOf(reference)];
  const variables = (fn?.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
  return String(variables?.PIPELINE_STEP);
}

const pipelineDimensions = (extra: Record<string, string> = {}): Record<string, string> => ({ [METRIC_DIMENSIONS.service]: METRIC_SERVICE, ...extra });

describe('the dashboard', () => {
  it('shows what README.md says it shows, in the order it says it', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const paragraph = readme.slice(readme.indexOf('### Dashboard and alarms'), readme.indexOf('Alarms, all to the'));
    const listed = [
      'executions\n(started, succeeded, failed, duration)',
      "each step Lambda's errors and duration",
      "the workgroup's\nComputeCapacity and ComputeSeconds",
      'check failures by severity',
      'raw rows loaded and rejected',
      'stale and warned source tables',
      'skipped scorings',
      'business KPIs from the marts (pipeline value, win rate, revenue, SLA compliance, backlog, and net and gross revenue retention)',
    ].map((phrase) => phrase.replace(/\n/g, ' '));
    const text = paragraph.replace(/\s+/g, ' ');
    const positions = listed.map((phrase) => text.indexOf(phrase));
    expect(positions.every((position) => position >= 0), `README lists: ${text}`).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(widgets.filter((candidate) => candidate.type === 'metric').map((candidate) => candidate.title)).toEqual([
      'Executions',
      'Execution duration',
      'Step Lambda errors',
      'Step Lambda duration (max)',
      'Redshift Serverless capacity (RPU)',
      'Redshift Serverless compute (RPU-seconds)',
      'Data checks failed',
      'Raw rows',
      'Source freshness (tables)',
      'Scoring skipped',
      'Pipeline value and revenue',
      'Win rate and SLA compliance (%)',
      'Open ticket backlog',
      'Revenue retention, trailing twelve months (%)',
    ]);
  });

  it('opens with the title and the status of every alarm', () => {
    expect(widgets[0]).toMatchObject({ type: 'text', title: expect.stringMatching(/^# crm-warehouse pipeline/) });
    expect(widgets[1]?.type).toBe('alarm');
    const alarms = Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm').map(([id]) => id);
    // Six alarms, and one per ten step and poll functions (a metric math alarm reads at most ten metrics).
    expect(alarms).toHaveLength(6 + Math.ceil((PIPELINE_STEPS.length + 2) / 10));
    expect(widgets[1]?.alarms.map(logicalIdOf).sort()).toEqual(alarms.sort());
  });

  it('alarms on the errors of every step and poll function, at most ten metrics per alarm', () => {
    const errorAlarms = Object.values(resources).filter(
      (resource) => resource.Type === 'AWS::CloudWatch::Alarm' && String(resource.Properties.AlarmDescription).startsWith('A pipeline step Lambda or statement poll errored'),
    );
    const metricsOf = (alarm: { Properties: Record<string, unknown> }): unknown[] =>
      (alarm.Properties.Metrics as { MetricStat?: unknown }[]).filter((query) => query.MetricStat !== undefined);
    for (const alarm of errorAlarms) expect(metricsOf(alarm).length).toBeLessThanOrEqual(10);
    expect(errorAlarms.flatMap(metricsOf)).toHaveLength(PIPELINE_STEPS.length + 2);
  });

  it('graphs executions started, succeeded, failed and timed out of this state machine', () => {
    const { metrics } = widget('Executions');
    expect(metrics.map((metric) => [metric.namespace, metric.name, metric.options.stat])).toEqual([
      ['AWS/States', 'ExecutionsStarted', 'Sum'],
      ['AWS/States', 'ExecutionsSucceeded', 'Sum'],
      ['AWS/States', 'ExecutionsFailed', 'Sum'],
      ['AWS/States', 'ExecutionsTimedOut', 'Sum'],
    ]);
    for (const metric of metrics) expect(logicalIdOf(metric.dimensions.StateMachineArn ?? '')).toMatch(/^PipelineStateMachine[0-9A-F]{8}$/);
  });

  it('graphs the execution duration, average and maximum', () => {
    const { metrics } = widget('Execution duration');
    expect(metrics.map((metric) => [metric.namespace, metric.name, metric.options.stat])).toEqual([
      ['AWS/States', 'ExecutionTime', 'Average'],
      ['AWS/States', 'ExecutionTime', 'Maximum'],
    ]);
  });

  it('graphs the duration of each step, of that step’s own function', () => {
    const { metrics } = widget('Step Lambda duration (max)');
    expect(metrics.map((metric) => [metric.namespace, metric.name, metric.options.stat, metric.options.label])).toEqual(
      PIPELINE_STEPS.map((step) => ['AWS/Lambda', 'Duration', 'Maximum', step]),
    );
    expect(metrics.map((metric) => stepOfFunction(metric.dimensions.FunctionName ?? ''))).toEqual([...PIPELINE_STEPS]);
  });

  it('graphs the errors of each step’s own function, then of the two statement polls', () => {
    const { metrics } = widget('Step Lambda errors');
    expect(metrics.map((metric) => [metric.namespace, metric.name, metric.options.stat, metric.options.label])).toEqual([
      ...PIPELINE_STEPS.map((step) => ['AWS/Lambda', 'Errors', 'Sum', step]),
      ['AWS/Lambda', 'Errors', 'Sum', 'Poll (bootstrap role)'],
      ['AWS/Lambda', 'Errors', 'Sum', 'Poll (pipeline role)'],
    ]);
    expect(metrics.slice(0, PIPELINE_STEPS.length).map((metric) => stepOfFunction(metric.dimensions.FunctionName ?? ''))).toEqual([...PIPELINE_STEPS]);
    expect(metrics.slice(PIPELINE_STEPS.length).map((metric) => logicalIdOf(metric.dimensions.FunctionName ?? ''))).toEqual([
      expect.stringMatching(/^PipelinePollAsBootstrapFunction[0-9A-F]{8}$/),
      expect.stringMatching(/^PipelinePollAsPipelineFunction[0-9A-F]{8}$/),
    ]);
  });

  it('graphs the workgroup’s ComputeCapacity and ComputeSeconds, with the usage limit marked', () => {
    const capacity = widget('Redshift Serverless capacity (RPU)').metrics;
    const computeWidget = widget('Redshift Serverless compute (RPU-seconds)');
    const compute = computeWidget.metrics;
    // 24 RPU-hours a day is 3,600 RPU-seconds an hour on average, the widget's hourly sum.
    expect(computeWidget.horizontalAnnotations).toEqual([expect.objectContaining({ value: 3600, label: 'usage limit, per hour on average' })]);
    expect(compute[0]?.options.period ?? 300).toBe(3600);
    expect(capacity).toEqual([expect.objectContaining({ namespace: 'AWS/Redshift-Serverless', name: 'ComputeCapacity', dimensions: { Workgroup: 'crmwarehouse' } })]);
    expect(compute).toEqual([
      expect.objectContaining({ namespace: 'AWS/Redshift-Serverless', name: 'ComputeSeconds', dimensions: { Workgroup: 'crmwarehouse' }, options: expect.objectContaining({ stat: 'Sum' }) }),
    ]);
  });

  it('graphs check failures by severity, as QualityChecks publishes them', () => {
    expect(widget('Data checks failed').metrics.map((metric) => [metric.namespace, metric.name, metric.dimensions])).toEqual([
      ['CrmWarehouse', PIPELINE_METRICS.checkFailures, pipelineDimensions({ [METRIC_DIMENSIONS.severity]: 'error' })],
      ['CrmWarehouse', PIPELINE_METRICS.checkFailures, pipelineDimensions({ [METRIC_DIMENSIONS.severity]: 'warn' })],
    ]);
  });

  it('graphs raw rows loaded (left) and rejected (right), as LoadRawDay publishes them', () => {
    expect(widget('Raw rows').metrics.map((metric) => [metric.name, metric.dimensions, metric.axis])).toEqual([
      [PIPELINE_METRICS.rowsLoaded, pipelineDimensions(), 'left'],
      [PIPELINE_METRICS.rowsRejected, pipelineDimensions(), 'right'],
    ]);
  });

  it('graphs the seven business KPIs Publish reads from the marts', () => {
    const kpis = ['Pipeline value and revenue', 'Win rate and SLA compliance (%)', 'Open ticket backlog', 'Revenue retention, trailing twelve months (%)'].flatMap(
      (title) => widget(title).metrics,
    );
    expect(kpis.map((metric) => [metric.namespace, metric.name, metric.dimensions, metric.options.stat])).toEqual(
      [
        PIPELINE_METRICS.pipelineValue,
        PIPELINE_METRICS.revenue,
        PIPELINE_METRICS.winRate,
        PIPELINE_METRICS.slaCompliance,
        PIPELINE_METRICS.ticketBacklog,
        PIPELINE_METRICS.netRevenueRetention,
        PIPELINE_METRICS.grossRevenueRetention,
      ].map((name) => ['CrmWarehouse', name, pipelineDimensions(), 'Maximum']),
    );
    expect(widget('Revenue retention, trailing twelve months (%)').horizontalAnnotations).toEqual([expect.objectContaining({ value: 100 })]);
  });

  it('graphs the stale and warned source tables SourceFreshness publishes, and the runs Scoring skipped', () => {
    expect(widget('Source freshness (tables)').metrics.map((metric) => [metric.name, metric.dimensions, metric.options.stat])).toEqual([
      [PIPELINE_METRICS.staleSources, pipelineDimensions(), 'Maximum'],
      [PIPELINE_METRICS.warnSources, pipelineDimensions(), 'Maximum'],
    ]);
    expect(widget('Scoring skipped').metrics.map((metric) => [metric.name, metric.dimensions, metric.options.stat])).toEqual([
      [PIPELINE_METRICS.scoringSkipped, pipelineDimensions(), 'Maximum'],
    ]);
  });

  it('reads the pipeline metrics where the step Lambdas write them (their Powertools namespace and service)', () => {
    const steps = Object.values(resources).filter((resource) => resource.Type === 'AWS::Lambda::Function' && stepOfFunctionResource(resource) !== undefined);
    expect(steps).toHaveLength(PIPELINE_STEPS.length);
    for (const step of steps) {
      const variables = (step.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables).toMatchObject({ POWERTOOLS_METRICS_NAMESPACE: 'CrmWarehouse', POWERTOOLS_SERVICE_NAME: METRIC_SERVICE });
    }
  });
});

function stepOfFunctionResource(resource: { Properties: Record<string, unknown> }): string | undefined {
  const variables = (resource.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
  return typeof variables?.PIPELINE_STEP === 'string' ? variables.PIPELINE_STEP : undefined;
}
