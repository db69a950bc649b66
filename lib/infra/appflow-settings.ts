/**
 * The optional AppFlow ingestion's settings: the `appflow` object of the `crm-warehouse` context
 * (cdk.json), absent by default, which creates nothing:
 *
 * ```json
 * "appflow": { "source": "salesforce", "connectorProfileName": "my-salesforce" }
 * ```
 *
 * Validated with zod; every problem is reported with its path (`appflow.scheduleExpression: …`).
 */
import { z } from 'zod';
import { CRM_SYSTEMS } from '../project/crm-system.ts';

export const APPFLOW_SETTING = 'appflow';

/** One hour before the pipeline's default 03:00: AppFlow's incremental pulls finish before LoadRawDay lists the day. */
export const DEFAULT_APPFLOW_SCHEDULE = 'cron(0 2 * * ? *)';

/** AppFlow's own gap rule is not ours: what we need is that a flow's files have been relayed when the pipeline lists the day. */
export const MIN_MINUTES_BEFORE_PIPELINE = 30;

// AppFlow connector profile names: https://docs.aws.amazon.com/appflow/1.0/APIReference/API_ConnectorProfile.html
const PROFILE_NAME = /^[\w/!@#+=.-]{1,256}$/;

const schema = z
  .strictObject({
    source: z.enum(CRM_SYSTEMS, { error: `must be one of ${CRM_SYSTEMS.join(', ')}` }),
    connectorProfileName: z
      .string({ error: 'must be the name of the AppFlow connection you created in the console' })
      .regex(PROFILE_NAME, 'must be an AppFlow connection name: 1-256 letters, digits or _/!@#+=.-'),
    scheduleExpression: z
      .string()
      // AppFlow writes rates without a space, in plural units: rate(5minutes)
      // (https://docs.aws.amazon.com/appflow/1.0/APIReference/API_ScheduledTriggerProperties.html).
      .regex(/^(cron\(.+\)|rate\(\d+(minutes|hours|days)\))$/, 'must be a cron(...) expression or an AppFlow rate such as rate(1days)')
      .default(DEFAULT_APPFLOW_SCHEDULE),
    /** The source tables to ingest (sql/sources.yml names); all the system's flowable tables when absent. */
    tables: z.array(z.string().min(1)).min(1, 'must name at least one table, or be left out for all').optional(),
    /** The first run's incremental pull starts here (YYYY-MM-DD); AppFlow's own default otherwise. */
    firstExecutionFrom: z.iso.date('must be a YYYY-MM-DD date').optional(),
    /** HubSpot entity names by table, when your connection names an object differently. */
    entityNames: z.record(z.string(), z.string().min(1)).optional(),
  })
  .superRefine((settings, context) => {
    if (settings.source !== 'hubspot' && settings.entityNames !== undefined) {
      context.addIssue({ code: 'custom', path: ['entityNames'], message: 'applies to HubSpot only (Salesforce objects are named by their API names)' });
    }
  });

export type AppFlowSettings = z.output<typeof schema>;
/** As written in cdk.json (defaults not yet applied), or its JSON text given with `-c`. */
export type AppFlowSettingsInput = z.input<typeof schema> | string;

/** The settings, or every problem as `appflow.<path>: <message>`. */
export function parseAppFlowSettings(value: unknown): { settings?: AppFlowSettings; problems: string[] } {
  // `-c crm-warehouse:appflow='{…}'` gives a string.
  let input = value;
  if (typeof value === 'string') {
    try {
      input = JSON.parse(value) as unknown;
    } catch {
      return { problems: [`${APPFLOW_SETTING} must be an object (got ${JSON.stringify(value)}, which is not JSON)`] };
    }
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return { settings: parsed.data, problems: [] };
  return {
    problems: parsed.error.issues.map((issue) => {
      const path = [APPFLOW_SETTING, ...issue.path.map(String)].join('.');
      const value = issue.path.length === 0 ? undefined : valueAt(input, issue.path);
      const received = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
      return `${path}: ${issue.message}${received}`;
    }),
  };
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/**
 * When both the flows and the pipeline run once a day at a fixed time (`cron(M H * * ? *)`, read in
 * the same time zone), the flows must start at least MIN_MINUTES_BEFORE_PIPELINE earlier, or the run
 * would load the day before the flows' files arrive. Other expressions cannot be compared here.
 */
export function scheduleOrderProblem(appflowExpression: string, pipelineExpression: string): string | undefined {
  const flows = dailyMinute(appflowExpression);
  const pipeline = dailyMinute(pipelineExpression);
  if (flows === undefined || pipeline === undefined) return undefined;
  if (pipeline - flows >= MIN_MINUTES_BEFORE_PIPELINE) return undefined;
  return (
    `${APPFLOW_SETTING}.scheduleExpression (${appflowExpression}) must run at least ${MIN_MINUTES_BEFORE_PIPELINE} minutes ` +
    `before the pipeline's scheduleExpression (${pipelineExpression}) on the same day, so the run finds the flows' files`
  );
}

/** Minutes after midnight of a daily `cron(M H * * ? *)`, else undefined. */
function dailyMinute(expression: string): number | undefined {
  const match = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/.exec(expression);
  if (match === null) return undefined;
  return Number(match[2]) * 60 + Number(match[1]);
}
