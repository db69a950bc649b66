import { describe, expect, it } from 'vitest';
import { YamlEntryLines } from '../../lib/lint/yaml-entry-lines.ts';

const SCHEMA = [
  'version: 2',
  'models:',
  '  - name: fact_deals',
  '    columns:',
  '      - name: deal_id',
  '        tests:',
  '          - unique',
  '          - not_null',
  '      - name: amount',
  '        tests:',
  '          - accepted_range:',
  '              min_value: 0',
].join('\n');

describe('YamlEntryLines', () => {
  it('finds the line of a scalar or mapping entry by its YAML path', () => {
    const lines = new YamlEntryLines(SCHEMA);
    expect([lines.lineOf('models[0].columns[0].tests[1]'), lines.lineOf('models[0].columns[1].tests[0]')]).toEqual([8, 11]);
  });

  it('gives undefined for a path the file does not have', () => {
    expect(new YamlEntryLines(SCHEMA).lineOf('models[3].tests[0]')).toBeUndefined();
  });
});
