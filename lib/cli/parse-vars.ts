import { parse } from 'yaml';
import { UsageError } from './usage-error.ts';

/** `--vars '{run_date: 2026-11-24}'`: a YAML mapping, as dbt takes it. */
export function parseVars(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw new UsageError(`--vars: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`--vars: expected a YAML mapping such as '{run_date: 2026-11-24}', got ${JSON.stringify(text)}`);
  }
  return value as Record<string, unknown>;
}
