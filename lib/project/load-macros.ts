/**
 * Reads the project's macros from `sql/macros/*.sql` (user-macros.ts). Every problem is collected:
 * a broken signature or body with its file and line, a name defined twice with both places, SQL
 * outside a macro block, and a macro that calls itself (directly or through others), which would
 * never finish rendering.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProjectError } from './errors.ts';
import { macroSignaturesOf, parseTemplate, type TemplateNode } from './template-syntax.ts';
import type { MacroSignature, UserMacro, UserMacros } from './user-macros.ts';

export async function loadMacros(root: string, paths: readonly string[], errors: ProjectError[]): Promise<UserMacros> {
  const texts = await Promise.all(paths.map(async (path) => ({ path, text: await readFile(join(root, path), 'utf8') })));

  const signatures = new Map<string, MacroSignature>();
  const readable: typeof texts = [];
  for (const { path, text } of texts) {
    const found = collect(errors, () => macroSignaturesOf(text, path));
    // A file whose tags cannot even be read is reported once, here.
    if (found !== undefined) readable.push({ path, text });
    for (const signature of found ?? []) {
      const earlier = signatures.get(signature.name);
      if (earlier === undefined) signatures.set(signature.name, signature);
      else errors.push(new ProjectError(signature.place, `macro '${signature.name}' is already defined at ${earlier.place}`));
    }
  }

  const macros = new Map<string, UserMacro>();
  for (const { path, text } of readable) {
    const nodes = collect(errors, () => parseTemplate(text, path, { macros: signatures, definesMacros: true })) ?? [];
    for (const node of nodes) {
      if (node.kind === 'definition') {
        if (signatures.get(node.signature.name)?.place === node.signature.place) macros.set(node.signature.name, { ...node.signature, body: node.body });
      } else if (node.kind !== 'text' || node.text.trim() !== '') {
        errors.push(new ProjectError(path, `only {% macro %}…{% endmacro %} blocks and comments belong in a macro file; move the rest into a macro or a model`));
        break;
      }
    }
  }
  for (const cycle of callCycles(macros)) {
    const first = macros.get(cycle[0] as string) as UserMacro;
    errors.push(new ProjectError(first.place, `macro '${first.name}' calls itself (${cycle.join(' → ')}), so it would never finish rendering`));
  }
  return macros;
}

function collect<T>(errors: ProjectError[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ProjectError)) throw error;
    errors.push(error);
    return undefined;
  }
}

/** Each cycle of macro calls once, as the names along it, starting and ending at the same macro. */
function callCycles(macros: UserMacros): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (name: string, path: readonly string[]): void => {
    const start = path.indexOf(name);
    if (start !== -1) {
      cycles.push([...path.slice(start), name]);
      return;
    }
    if (done.has(name)) return;
    for (const callee of calledMacros(macros.get(name)?.body ?? [])) visit(callee, [...path, name]);
    done.add(name);
  };
  for (const name of [...macros.keys()].sort()) visit(name, []);
  return cycles;
}

function calledMacros(nodes: readonly TemplateNode[]): string[] {
  return nodes.flatMap((node) => {
    if (node.kind === 'call') return [node.name];
    if (node.kind === 'if') return [...calledMacros(node.whenTrue), ...calledMacros(node.whenFalse)];
    return [];
  });
}
