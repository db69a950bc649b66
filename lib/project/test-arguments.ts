/**
 * Typed reads of a generic test's arguments for its SQL. The YAML reader has validated them
 * already (parse-generic-tests.ts); these checks keep a test built in code (or a plan built by
 * hand) from rendering SQL out of a wrong value, and name the test's place when it would.
 */
import { ProjectError } from './errors.ts';
import { originPlace } from './origin-place.ts';
import type { GenericTestSpec } from './project.ts';

export function lines(...parts: string[]): string {
  return parts.filter((part) => part !== '').join('\n');
}

export function stringArgument(spec: GenericTestSpec, name: string): string {
  const value = spec.args[name];
  if (typeof value !== 'string' || value.trim() === '') throw new ProjectError(originPlace(spec.origin), `${spec.testName} '${name}' must be a non-empty string`);
  return value;
}

export function optionalStringArgument(spec: GenericTestSpec, name: string): string | undefined {
  return spec.args[name] === undefined ? undefined : stringArgument(spec, name);
}

export function stringListArgument(spec: GenericTestSpec, name: string): string[] {
  const value = spec.args[name];
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string' && item.trim() !== '')) {
    throw new ProjectError(originPlace(spec.origin), `${spec.testName} '${name}' must be a non-empty list of column names`);
  }
  return value as string[];
}

/** dbt_utils' `group_by_columns`: absent or an empty list means one group, the whole relation. */
export function groupByColumns(spec: GenericTestSpec): string[] {
  const value = spec.args.group_by_columns;
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return [];
  return stringListArgument(spec, 'group_by_columns');
}

export function numberArgument(spec: GenericTestSpec, name: string, fallback?: number): number {
  const value = spec.args[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ProjectError(originPlace(spec.origin), `${spec.testName} '${name}' must be a number`);
  return value;
}

export function booleanArgument(spec: GenericTestSpec, name: string, fallback: boolean): boolean {
  const value = spec.args[name] ?? fallback;
  if (typeof value !== 'boolean') throw new ProjectError(originPlace(spec.origin), `${spec.testName} '${name}' must be true or false`);
  return value;
}

/** A bound is a number or, as dbt_utils inserts it as written, a SQL expression such as "cast('2020-01-01' as date)". */
export function boundArgument(spec: GenericTestSpec, name: string): string | undefined {
  const value = spec.args[name];
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw new ProjectError(originPlace(spec.origin), `${spec.testName} '${name}' must be a number or a SQL expression`);
}
