/**
 * The reviewed allow-list of equivalent mutants: survivors that no test can kill because they do
 * not change what the model returns (for example a `distinct` added to a select that already has
 * one row per key). Each entry names the mutant exactly — file, line, operator, original and
 * mutated text — and says why it is equivalent. Two kinds: equivalent on any data (no
 * `guarantee`), and equivalent on every input the upstream models can produce, where `guarantee`
 * names what upstream ensures and which test enforces it — a reviewer can check that test, and a
 * change upstream that breaks the guarantee fails it.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { Mutant } from './mutant.ts';

export interface EquivalentMutant {
  readonly file: string;
  readonly line: number;
  /** Needed only when two mutants of a line have the same operator, original and mutated text. */
  readonly column?: number;
  readonly operator: string;
  readonly original: string;
  readonly mutated: string;
  readonly reason: string;
  /** Present when the mutant is equivalent only on what upstream can produce: what ensures that. */
  readonly guarantee?: string;
}

const FIELDS = ['file', 'line', 'operator', 'original', 'mutated', 'reason'] as const;
const OPTIONAL_FIELDS = ['column', 'guarantee'] as const;

export async function readAllowList(path: string, operatorNames: readonly string[]): Promise<EquivalentMutant[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: cannot read the allow-list: ${(error as Error).message}`, { cause: error });
  }
  return parseAllowList(text, path, operatorNames);
}

export function parseAllowList(text: string, path: string, operatorNames: readonly string[]): EquivalentMutant[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  const entries = (document as { equivalent_mutants?: unknown } | null)?.equivalent_mutants ?? [];
  if (!Array.isArray(entries)) throw new Error(`${path}: equivalent_mutants must be a list`);
  const problems: string[] = [];
  const parsed = entries.flatMap((entry: unknown, index): EquivalentMutant[] => {
    const place = `${path}: equivalent_mutants[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${place}: must be a mapping with ${FIELDS.join(', ')}`);
      return [];
    }
    const record = entry as Record<string, unknown>;
    const entryProblems = [
      ...Object.keys(record)
        .filter((key) => !([...FIELDS, ...OPTIONAL_FIELDS] as readonly string[]).includes(key))
        .map((key) => `unknown field '${key}'`),
      ...('guarantee' in record && (typeof record.guarantee !== 'string' || record.guarantee.trim() === '')
        ? [`'guarantee' must be a non-empty string (what upstream ensures, and the test enforcing it), or left out for a mutant equivalent on any data`]
        : []),
      // A removal mutates to the empty text, so only `mutated` may be empty.
      ...FIELDS.filter((field) => field !== 'line' && (typeof record[field] !== 'string' || (record[field] === '' && field !== 'mutated'))).map(
        (field) => `'${field}' must be ${field === 'mutated' ? 'a string' : 'a non-empty string'}`,
      ),
      ...(Number.isInteger(record.line) && (record.line as number) > 0 ? [] : [`'line' must be a line number`]),
      ...(!('column' in record) || (Number.isInteger(record.column) && (record.column as number) > 0) ? [] : [`'column' must be a column number`]),
      ...(typeof record.operator === 'string' && !operatorNames.includes(record.operator) ? [`unknown operator '${record.operator}' (operators: ${operatorNames.join(', ')})`] : []),
    ];
    problems.push(...entryProblems.map((problem) => `${place}: ${problem}`));
    return entryProblems.length > 0 ? [] : [record as unknown as EquivalentMutant];
  });
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return parsed;
}

export function allowedEntry(mutant: Mutant, entries: readonly EquivalentMutant[]): EquivalentMutant | undefined {
  return entries.find(
    (entry) =>
      entry.file === mutant.path &&
      entry.line === mutant.line &&
      (entry.column === undefined || entry.column === mutant.column) &&
      entry.operator === mutant.operator &&
      entry.original === mutant.original &&
      entry.mutated === mutant.mutated,
  );
}
