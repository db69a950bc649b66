/**
 * dbt's test configs that decide a verdict from the failure count and keep the failing rows:
 * `warn_if`, `error_if` (dbt's condition strings on the count, e.g. `">0"`, `"!=0"`, `">=10"`),
 * `limit` and `store_failures`. Read the same way from a generic test's `config:` in YAML and from
 * a singular test's `{{ config() }}`.
 */
import { z } from 'zod';
import type { FailureCondition, PlanTest } from '../plan/plan.ts';

export interface TestRunConfig {
  readonly warnIf?: FailureCondition;
  readonly errorIf?: FailureCondition;
  readonly limit?: number;
  readonly storeFailures?: boolean;
}

const OPERATORS: Readonly<Record<string, FailureCondition['operator']>> = {
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
  '=': '=',
  '==': '=',
  '!=': '!=',
  '<>': '!=',
};

/** `">10"` → `{ operator: '>', value: 10 }`; undefined when it is not a comparison with a whole number. */
export function parseFailureCondition(text: string): FailureCondition | undefined {
  const match = /^\s*(>=|<=|==|!=|<>|>|<|=)\s*(\d+)\s*$/.exec(text);
  const operator = match === null ? undefined : OPERATORS[match[1] as string];
  return operator === undefined ? undefined : { operator, value: Number(match?.[2]) };
}

/** dbt writes the condition back in its messages as it was configured: `!=0` reads `!= 0`. */
export function formatFailureCondition(condition: FailureCondition): string {
  return `${condition.operator} ${condition.value}`;
}

const failureCondition = z.union([z.string(), z.number()], { error: "expected a comparison of the failure count such as '>0', '!=0' or '>=10'" }).transform((written, context) => {
  const condition = parseFailureCondition(String(written));
  if (condition === undefined) {
    context.addIssue({ code: 'custom', message: `expected a comparison of the failure count such as '>0', '!=0' or '>=10', got '${String(written)}'` });
    return z.NEVER;
  }
  return condition;
});

export const TEST_RUN_CONFIG_SHAPE = {
  warn_if: failureCondition.optional(),
  error_if: failureCondition.optional(),
  limit: z.number({ error: 'expected a whole number' }).int({ error: 'expected a whole number' }).min(1, { error: 'must be at least 1' }).optional(),
  store_failures: z.boolean().optional(),
};

type ParsedRunConfig = { readonly [Key in keyof typeof TEST_RUN_CONFIG_SHAPE]?: z.output<(typeof TEST_RUN_CONFIG_SHAPE)[Key]> };

export function testRunConfigOf(parsed: ParsedRunConfig): TestRunConfig {
  return {
    ...(parsed.warn_if === undefined ? {} : { warnIf: parsed.warn_if }),
    ...(parsed.error_if === undefined ? {} : { errorIf: parsed.error_if }),
    ...(parsed.limit === undefined ? {} : { limit: parsed.limit }),
    ...(parsed.store_failures === undefined ? {} : { storeFailures: parsed.store_failures }),
  };
}

/**
 * Whether two compiled tests judge and keep failures alike (dbt's `state:modified.configs` of a
 * test). Where failures are stored follows the target's schemas, so only whether they are counts.
 */
export function sameVerdictConfig(before: PlanTest, after: PlanTest): boolean {
  const configOf = (test: PlanTest): string => JSON.stringify([test.warnIf, test.errorIf, test.limit, test.storeFailuresIn !== undefined]);
  return configOf(before) === configOf(after);
}
