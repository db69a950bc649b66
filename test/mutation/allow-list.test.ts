import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedEntry, parseAllowList, readAllowList } from '../../lib/mutation/allow-list.ts';
import { MUTATION_OPERATORS } from '../../lib/mutation/mutation-operators.ts';
import type { Mutant } from '../../lib/mutation/mutant.ts';

const OPERATORS = MUTATION_OPERATORS.map((operator) => operator.name);
const PATH = 'test/mutation/equivalent-mutants.yml';

const MUTANT: Mutant = {
  id: 'sql/facts/f.sql:3:7:numeric-constant:99',
  model: 'f',
  layer: 'facts',
  path: 'sql/facts/f.sql',
  line: 3,
  column: 7,
  operator: 'numeric-constant',
  start: 40,
  end: 43,
  original: '100',
  mutated: '99',
};

const ENTRY = `equivalent_mutants:
  - file: sql/facts/f.sql
    line: 3
    operator: numeric-constant
    original: '100'
    mutated: '99'
    reason: no amount lies between 99 and 100
`;

describe('the equivalent-mutant allow-list', () => {
  it('matches a mutant on file, line, operator, original and mutated text', () => {
    const entries = parseAllowList(ENTRY, PATH, OPERATORS);
    expect(allowedEntry(MUTANT, entries)?.reason).toBe('no amount lies between 99 and 100');
    expect(allowedEntry({ ...MUTANT, line: 4 }, entries)).toBeUndefined();
    expect(allowedEntry({ ...MUTANT, mutated: '101' }, entries)).toBeUndefined();
    expect(allowedEntry({ ...MUTANT, path: 'sql/facts/g.sql' }, entries)).toBeUndefined();
    expect(allowedEntry({ ...MUTANT, operator: 'comparison' }, entries)).toBeUndefined();
  });

  it('tells two mutants of a line with the same text apart by the column, when the entry gives one', () => {
    const entries = parseAllowList(ENTRY.replace('    line: 3\n', '    line: 3\n    column: 7\n'), PATH, OPERATORS);
    expect(allowedEntry(MUTANT, entries)?.reason).toBe('no amount lies between 99 and 100');
    expect(allowedEntry({ ...MUTANT, column: 12 }, entries)).toBeUndefined();
    expect(() => parseAllowList(ENTRY.replace('    line: 3\n', '    line: 3\n    column: 0\n'), PATH, OPERATORS)).toThrow(
      `${PATH}: equivalent_mutants[0]: 'column' must be a column number`,
    );
  });

  it('accepts an empty list and a removal (empty mutated text)', () => {
    expect(parseAllowList('equivalent_mutants: []\n', PATH, OPERATORS)).toEqual([]);
    expect(parseAllowList(ENTRY.replace("mutated: '99'", "mutated: ''"), PATH, OPERATORS)[0]?.mutated).toBe('');
  });

  it('keeps the upstream guarantee of a mutant equivalent only on what upstream can produce, and rejects an empty one', () => {
    const guaranteed = ENTRY + '    guarantee: amounts are whole numbers (test assert_whole_amounts)\n';
    expect(parseAllowList(guaranteed, PATH, OPERATORS)[0]?.guarantee).toBe('amounts are whole numbers (test assert_whole_amounts)');
    expect(parseAllowList(ENTRY, PATH, OPERATORS)[0]).not.toHaveProperty('guarantee');
    expect(() => parseAllowList(ENTRY + "    guarantee: ' '\n", PATH, OPERATORS)).toThrow(
      `${PATH}: equivalent_mutants[0]: 'guarantee' must be a non-empty string (what upstream ensures, and the test enforcing it), or left out for a mutant equivalent on any data`,
    );
  });

  it('names every bad entry and field', () => {
    const text = `equivalent_mutants:
  - file: sql/facts/f.sql
    line: zero
    operator: flip
    original: ''
    mutated: '99'
    reason: because
    extra: 1
  - just a string
`;
    expect(() => parseAllowList(text, PATH, OPERATORS)).toThrow(
      [
        `${PATH}: equivalent_mutants[0]: unknown field 'extra'`,
        `${PATH}: equivalent_mutants[0]: 'original' must be a non-empty string`,
        `${PATH}: equivalent_mutants[0]: 'line' must be a line number`,
        `${PATH}: equivalent_mutants[0]: unknown operator 'flip' (operators: ${OPERATORS.join(', ')})`,
        `${PATH}: equivalent_mutants[1]: must be a mapping with file, line, operator, original, mutated, reason`,
      ].join('\n'),
    );
  });

  it('rejects a missing reason, a list that is not a list, and broken YAML', () => {
    expect(() => parseAllowList(ENTRY.replace('    reason: no amount lies between 99 and 100\n', ''), PATH, OPERATORS)).toThrow(`${PATH}: equivalent_mutants[0]: 'reason' must be a non-empty string`);
    expect(() => parseAllowList('equivalent_mutants: {a: 1}\n', PATH, OPERATORS)).toThrow(`${PATH}: equivalent_mutants must be a list`);
    expect(() => parseAllowList('equivalent_mutants: [\n', PATH, OPERATORS)).toThrow(`${PATH}: not valid YAML`);
  });

  it('names the file it cannot read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'allow-list-'));
    try {
      await expect(readAllowList(join(dir, 'missing.yml'), OPERATORS)).rejects.toThrow(`${join(dir, 'missing.yml')}: cannot read the allow-list`);
      await writeFile(join(dir, 'list.yml'), ENTRY);
      expect(await readAllowList(join(dir, 'list.yml'), OPERATORS)).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('of the project names lines that hold the original text', async () => {
    for (const entry of await readAllowList(PATH, OPERATORS)) {
      const line = (await readFile(entry.file, 'utf8')).split('\n')[entry.line - 1] ?? '';
      expect(line, `${entry.file}:${entry.line}`).toContain(entry.original.split('\n')[0]);
    }
  });
});
