/**
 * Replaces `{{ doc("name") }}` in the descriptions of a parsed property file with the doc block's
 * text (doc-blocks.ts), before the file is validated, so every reader of a description — the plan,
 * the docs site, dbt's manifest — sees the text. As in dbt, only descriptions are rendered.
 */
import { didYouMean } from './did-you-mean.ts';
import { ProjectError } from './errors.ts';
import type { DocBlock } from './doc-blocks.ts';
import { isMapping } from './yaml-mapping.ts';
import { yamlPlace, type YamlPath } from './yaml-path.ts';

const DOC_CALL = /\{\{-?\s*doc\(\s*(?:'([^']*)'|"([^"]*)")\s*\)\s*-?\}\}/g;
/** Unit test rows are data: a column named description is not documentation. */
const DATA_KEYS = new Set(['given', 'expect']);

export function withDocBlocks(value: unknown, file: string, docs: ReadonlyMap<string, DocBlock>, errors: ProjectError[]): unknown {
  return resolved(value, [], file, docs, errors);
}

function resolved(value: unknown, path: YamlPath, file: string, docs: ReadonlyMap<string, DocBlock>, errors: ProjectError[]): unknown {
  if (Array.isArray(value)) return value.map((item, index) => resolved(item, [...path, index], file, docs, errors));
  if (!isMapping(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key === 'description' && typeof item === 'string') return [key, renderedDescription(item, [...path, key], file, docs, errors)];
      if (DATA_KEYS.has(key)) return [key, item];
      return [key, resolved(item, [...path, key], file, docs, errors)];
    }),
  );
}

function renderedDescription(text: string, path: YamlPath, file: string, docs: ReadonlyMap<string, DocBlock>, errors: ProjectError[]): string {
  return text.replace(DOC_CALL, (call, single: string | undefined, double: string | undefined) => {
    const name = single ?? double ?? '';
    const block = docs.get(name);
    if (block !== undefined) return block.contents;
    const known = docs.size === 0 ? 'no .md file under sql/ defines a {% docs %} block' : `doc blocks are defined with {% docs name %} in sql/**/*.md`;
    errors.push(new ProjectError(yamlPlace(file, path), `unknown doc '${name}'${didYouMean(name, docs.keys())} (${known})`));
    return call;
  });
}
