import { describe, expect, it } from 'vitest';
import { parseVars } from '../../lib/cli/parse-vars.ts';

describe('parseVars', () => {
  it('reads a YAML flow mapping and keeps dates as text', () => {
    expect(parseVars('{run_date: 2026-11-24, sla_hours_urgent: 2}')).toEqual({ run_date: '2026-11-24', sla_hours_urgent: 2 });
  });

  it('treats a missing or blank value as no vars', () => {
    expect(parseVars(undefined)).toEqual({});
    expect(parseVars('  ')).toEqual({});
  });

  it('rejects YAML that is not a mapping, naming the option', () => {
    expect(() => parseVars('[1, 2]')).toThrow(/--vars: expected a YAML mapping/);
    expect(() => parseVars('2026-11-24')).toThrow(/--vars: expected a YAML mapping/);
  });

  it('rejects invalid YAML, naming the option', () => {
    expect(() => parseVars('{run_date: ')).toThrow(/--vars: not valid YAML/);
  });
});
