/**
 * dbt's doc blocks: `{% docs name %}…{% enddocs %}` in any `.md` file under `sql/`, so one long
 * description is written once and used by several `description: '{{ doc("name") }}'` in the YAML
 * (doc-blocks-in-yaml.ts). Text outside blocks is ignored, as in dbt.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProjectError } from './errors.ts';

export interface DocBlock {
  readonly name: string;
  /** The block's text without its leading and trailing blank space. */
  readonly contents: string;
  /** Project-relative path of the `.md` file. */
  readonly path: string;
  /** Line of the `{% docs %}` tag. */
  readonly line: number;
}

const TAG = /\{%-?\s*(docs|enddocs)\b\s*([^%]*?)\s*-?%\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export async function loadDocBlocks(root: string, paths: readonly string[], errors: ProjectError[]): Promise<ReadonlyMap<string, DocBlock>> {
  const blocks = new Map<string, DocBlock>();
  for (const path of paths) {
    for (const block of docBlocksOf(await readFile(join(root, path), 'utf8'), path, errors)) {
      const earlier = blocks.get(block.name);
      if (earlier === undefined) blocks.set(block.name, block);
      else errors.push(new ProjectError(`${path}:${block.line}`, `doc '${block.name}' is already defined at ${earlier.path}:${earlier.line}`));
    }
  }
  return blocks;
}

export function docBlocksOf(text: string, path: string, errors: ProjectError[]): DocBlock[] {
  const blocks: DocBlock[] = [];
  let open: { name: string; line: number; contentStart: number } | undefined;
  for (const match of text.matchAll(TAG)) {
    const [tag, keyword, argument] = match as unknown as [string, 'docs' | 'enddocs', string];
    const line = lineAt(text, match.index);
    if (keyword === 'docs') {
      if (open !== undefined) {
        errors.push(new ProjectError(`${path}:${line}`, `{% docs %} inside the doc block '${open.name}' opened at line ${open.line}; close it with {% enddocs %} first`));
        return blocks;
      }
      if (!NAME.test(argument)) {
        errors.push(new ProjectError(`${path}:${line}`, `a doc block is {% docs name %} with a name of letters, digits and _, got '${tag}'`));
        return blocks;
      }
      open = { name: argument, line, contentStart: match.index + tag.length };
    } else {
      if (open === undefined) {
        errors.push(new ProjectError(`${path}:${line}`, '{% enddocs %} without an open {% docs name %}'));
        return blocks;
      }
      blocks.push({ name: open.name, contents: text.slice(open.contentStart, match.index).trim(), path, line: open.line });
      open = undefined;
    }
  }
  if (open !== undefined) errors.push(new ProjectError(`${path}:${open.line}`, `doc block '${open.name}' has no {% enddocs %}`));
  return blocks;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let position = text.indexOf('\n'); position !== -1 && position < index; position = text.indexOf('\n', position + 1)) line += 1;
  return line;
}
