/** Reads and parses a project YAML file, turning syntax errors into `file:line` project errors. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { ProjectError } from './errors.ts';

/**
 * The parsed content of `root/path`; undefined when the file has syntax errors (added to `errors`)
 * or is absent (an error too, unless `optional`).
 */
export async function readYamlFile(
  root: string,
  path: string,
  errors: ProjectError[],
  options: { readonly optional?: boolean } = {},
): Promise<{ readonly value: unknown } | undefined> {
  let text: string;
  try {
    text = await readFile(join(root, path), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (options.optional !== true) errors.push(new ProjectError(path, 'file not found'));
    return undefined;
  }
  const parsed = parseYamlFile(text, path);
  if (parsed.ok) return { value: parsed.value };
  errors.push(...parsed.errors);
  return undefined;
}

export type YamlParse =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly errors: readonly ProjectError[] };

export function parseYamlFile(text: string, path: string): YamlParse {
  const lineCounter = new LineCounter();
  // Merge keys (`<<: *defaults`) as dbt's YAML reader allows them; duplicate keys are errors.
  const document = parseDocument(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length === 0) return { ok: true, value: document.toJS() };

  // One broken line often yields several parser errors; the first one says what is wrong.
  const byLine = new Map<number, ProjectError>();
  for (const error of document.errors) {
    const { line } = lineCounter.linePos(error.pos[0]);
    const problem =
      error.code === 'MULTIPLE_DOCS' ? 'a second YAML document (---); a file holds one' : error.message.split('\n')[0];
    if (!byLine.has(line)) byLine.set(line, new ProjectError(`${path}:${line}`, `invalid YAML: ${problem}`));
  }
  return { ok: false, errors: [...byLine.values()] };
}
