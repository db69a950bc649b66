/**
 * The deployment's knobs: typed, with documented defaults, settable from
 * `cdk.json` context so that an operator changes capacity or the schedule without touching code:
 *
 * ```json
 * "context": { "crm-warehouse": { "baseCapacityRpu": 16, "alarmEmail": "data-team@example.com" } }
 * ```
 *
 * or for one synth: `npx cdk synth -c crm-warehouse:baseCapacityRpu=16`.
 */
import type { Node } from 'constructs';
import { parseAppFlowSettings, scheduleOrderProblem, type AppFlowSettings, type AppFlowSettingsInput } from './appflow-settings.ts';
import { mergeProps } from './merge-props.ts';
import { PropsProblems } from './props-problems.ts';

export const CONFIG_CONTEXT_KEY = 'crm-warehouse';

export type UsageLimitBreachAction = 'log' | 'emit-metric' | 'deactivate';

export const USAGE_LIMIT_BREACH_ACTIONS: readonly UsageLimitBreachAction[] = ['log', 'emit-metric', 'deactivate'];

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export interface CrmWarehouseConfig {
  /** Redshift Serverless base capacity in RPUs (8 to 1024, a multiple of 8). @default 8 */
  readonly baseCapacityRpu?: number;
  /** Redshift Serverless maximum capacity in RPUs, at least the base capacity. @default 64 */
  readonly maxCapacityRpu?: number;
  /** Daily cost guard: RPU-hours the workgroup may use per day. @default 24 */
  readonly usageLimitRpuHours?: number;
  /** What Redshift does when the daily RPU-hours are used up. @default 'emit-metric' */
  readonly usageLimitBreachAction?: UsageLimitBreachAction;
  /** EventBridge Scheduler expression of the daily run. @default 'cron(0 3 * * ? *)' */
  readonly scheduleExpression?: string;
  /** IANA time zone the schedule (and the default run date) is read in. @default 'UTC' */
  readonly scheduleTimeZone?: string;
  /** Whether the daily schedule starts runs; off leaves manual runs only. @default true */
  readonly scheduleEnabled?: boolean;
  /** Address subscribed to the alarm and failure topic. @default - no subscription */
  readonly alarmEmail?: string;
  /** Retention of every log group the stack creates, in days (a CloudWatch Logs value). @default 365 */
  readonly logRetentionDays?: number;
  /** Rows the raw load may reject per run before it fails (the error budget). @default 1000 */
  readonly maxLoadErrors?: number;
  /** Whether state machine logs include execution input and output (may contain data). @default false */
  readonly includeExecutionData?: boolean;
  /** A run that takes longer than this is stopped and alarmed on. @default 240 */
  readonly executionTimeoutMinutes?: number;
  /** Alarm when no run has succeeded for this many hours. @default 26 */
  readonly stalenessHours?: number;
  /** Database created in the namespace. @default 'warehouse' */
  readonly databaseName?: string;
  /**
   * Availability zones of the warehouse subnets (Redshift Serverless needs three). Naming them
   * pins the stack to their region.
   * @default - the first three zones of the deployment region (Fn::GetAZs), no lookup needed
   */
  readonly availabilityZones?: readonly string[];
  /** Ingest from Salesforce or HubSpot with Amazon AppFlow (appflow-settings.ts). @default - off */
  readonly appflow?: AppFlowSettingsInput;
}

export type ResolvedConfig = Required<Omit<CrmWarehouseConfig, 'alarmEmail' | 'availabilityZones' | 'appflow'>> &
  Pick<CrmWarehouseConfig, 'alarmEmail' | 'availabilityZones'> & { readonly appflow?: AppFlowSettings };

export function defaultCrmWarehouseConfig(): ResolvedConfig {
  return {
    baseCapacityRpu: 8,
    maxCapacityRpu: 64,
    usageLimitRpuHours: 24,
    usageLimitBreachAction: 'emit-metric',
    scheduleExpression: 'cron(0 3 * * ? *)',
    scheduleTimeZone: 'UTC',
    scheduleEnabled: true,
    logRetentionDays: 365,
    maxLoadErrors: 1000,
    includeExecutionData: false,
    executionTimeoutMinutes: 240,
    stalenessHours: 26,
    databaseName: 'warehouse',
  };
}

const NUMBER_KEYS = [
  'baseCapacityRpu',
  'maxCapacityRpu',
  'usageLimitRpuHours',
  'logRetentionDays',
  'maxLoadErrors',
  'executionTimeoutMinutes',
  'stalenessHours',
] as const;
const BOOLEAN_KEYS = ['scheduleEnabled', 'includeExecutionData'] as const;
const STRING_KEYS = ['usageLimitBreachAction', 'scheduleExpression', 'scheduleTimeZone', 'alarmEmail', 'databaseName'] as const;
const KNOWN_KEYS: ReadonlySet<string> = new Set([...NUMBER_KEYS, ...BOOLEAN_KEYS, ...STRING_KEYS, 'availabilityZones', 'appflow']);

/**
 * Reads the `crm-warehouse` context object and any `crm-warehouse:<key>` values (strings when
 * given with `-c`), then validates the result against every rule at once.
 */
export function configFromContext(node: Node): ResolvedConfig {
  const problems = new PropsProblems(`context '${CONFIG_CONTEXT_KEY}'`);
  const raw: Record<string, unknown> = {};
  const objectValue: unknown = node.tryGetContext(CONFIG_CONTEXT_KEY);
  if (objectValue !== undefined) {
    if (typeof objectValue === 'object' && objectValue !== null && !Array.isArray(objectValue)) Object.assign(raw, objectValue);
    else problems.add(`'${CONFIG_CONTEXT_KEY}' must be an object of settings`);
  }
  for (const key of KNOWN_KEYS) {
    const flat: unknown = node.tryGetContext(`${CONFIG_CONTEXT_KEY}:${key}`);
    if (flat !== undefined) raw[key] = flat;
  }
  const config = typedConfig(raw, problems);
  problems.throwIfAny();
  return resolveConfig(config);
}

/** Defaults overlaid with `config`, validated; throws one PropsError listing every problem. */
export function resolveConfig(config: CrmWarehouseConfig): ResolvedConfig {
  const { appflow: appflowInput, ...rest } = config;
  const resolved = mergeProps(defaultCrmWarehouseConfig(), rest as Partial<ResolvedConfig>);
  const problems = new PropsProblems('CrmWarehouseConfig');
  const appflow = appflowInput === undefined ? undefined : parseAppFlowSettings(appflowInput);
  for (const problem of appflow?.problems ?? []) problems.add(problem);
  if (appflow?.settings !== undefined) {
    const order = scheduleOrderProblem(appflow.settings.scheduleExpression, resolved.scheduleExpression);
    if (order !== undefined) problems.add(order);
  }
  problems.integerInRange('baseCapacityRpu', resolved.baseCapacityRpu, 8, 1024);
  problems.require(resolved.baseCapacityRpu % 8 === 0, `baseCapacityRpu must be a multiple of 8 (got ${resolved.baseCapacityRpu})`);
  problems.integerInRange('maxCapacityRpu', resolved.maxCapacityRpu, 8, 5632);
  problems.require(resolved.maxCapacityRpu % 8 === 0, `maxCapacityRpu must be a multiple of 8 (got ${resolved.maxCapacityRpu})`);
  problems.require(
    resolved.maxCapacityRpu >= resolved.baseCapacityRpu,
    `maxCapacityRpu (${resolved.maxCapacityRpu}) must be at least baseCapacityRpu (${resolved.baseCapacityRpu})`,
  );
  problems.integerInRange('usageLimitRpuHours', resolved.usageLimitRpuHours, 1, 1_000_000);
  problems.require(
    USAGE_LIMIT_BREACH_ACTIONS.includes(resolved.usageLimitBreachAction),
    `usageLimitBreachAction must be one of ${USAGE_LIMIT_BREACH_ACTIONS.join(', ')} (got '${resolved.usageLimitBreachAction}')`,
  );
  problems.require(
    /^(cron|rate|at)\(.+\)$/.test(resolved.scheduleExpression),
    `scheduleExpression must be an EventBridge Scheduler cron(...), rate(...) or at(...) expression (got '${resolved.scheduleExpression}')`,
  );
  problems.require(isTimeZone(resolved.scheduleTimeZone), `scheduleTimeZone must be an IANA time zone such as Europe/Berlin (got '${resolved.scheduleTimeZone}')`);
  if (resolved.alarmEmail !== undefined) {
    problems.require(/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(resolved.alarmEmail), `alarmEmail must be an e-mail address (got '${resolved.alarmEmail}')`);
  }
  problems.require(
    (LOG_RETENTION_DAYS as readonly number[]).includes(resolved.logRetentionDays),
    `logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')} (got ${resolved.logRetentionDays})`,
  );
  problems.integerInRange('maxLoadErrors', resolved.maxLoadErrors, 0, 100_000);
  problems.integerInRange('executionTimeoutMinutes', resolved.executionTimeoutMinutes, 5, 1440);
  problems.integerInRange('stalenessHours', resolved.stalenessHours, 1, 168);
  problems.require(
    /^[a-z_][a-z0-9_]{0,126}$/.test(resolved.databaseName),
    `databaseName must be a lower-case identifier (got '${resolved.databaseName}')`,
  );
  if (resolved.availabilityZones !== undefined) {
    problems.require(
      resolved.availabilityZones.length >= 3 && new Set(resolved.availabilityZones).size === resolved.availabilityZones.length,
      `availabilityZones must name at least three different zones (got ${JSON.stringify(resolved.availabilityZones)})`,
    );
  }
  problems.throwIfAny();
  return appflow?.settings === undefined ? resolved : { ...resolved, appflow: appflow.settings };
}

function typedConfig(raw: Record<string, unknown>, problems: PropsProblems): CrmWarehouseConfig {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!KNOWN_KEYS.has(key)) {
      problems.add(`unknown setting '${key}' (known: ${[...KNOWN_KEYS].sort().join(', ')})`);
    } else if ((NUMBER_KEYS as readonly string[]).includes(key)) {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number === 'number' && Number.isFinite(number)) config[key] = number;
      else problems.add(`${key} must be a number (got ${JSON.stringify(value)})`);
    } else if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
      const flag = value === 'true' ? true : value === 'false' ? false : value;
      if (typeof flag === 'boolean') config[key] = flag;
      else problems.add(`${key} must be true or false (got ${JSON.stringify(value)})`);
    } else if (key === 'availabilityZones') {
      const zones = typeof value === 'string' ? value.split(',').map((zone) => zone.trim()) : value;
      if (Array.isArray(zones) && zones.every((zone) => typeof zone === 'string' && zone !== '')) config[key] = zones;
      else problems.add(`availabilityZones must be a list of zone names (got ${JSON.stringify(value)})`);
    } else if (key === 'appflow') {
      config[key] = value;
    } else if (typeof value === 'string') {
      config[key] = value;
    } else {
      problems.add(`${key} must be a string (got ${JSON.stringify(value)})`);
    }
  }
  return config as CrmWarehouseConfig;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
