/**
 * The project macros as mutation targets. A macro's body is SQL like a model's, but a mutant of it
 * changes every model that calls it, so it is judged by the tests of every model whose compiled SQL
 * it changes. Only macro files the fixture's plan calls (from a model, directly or through another
 * macro) are mutated: a macro only another CRM system's models call would change nothing the fixture
 * build runs, and would survive for that reason alone.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Plan } from '../plan/plan.ts';
import type { Project } from '../project/project.ts';
import { parseTemplate, type TemplateNode } from '../project/template-syntax.ts';
import type { UserMacro, UserMacros } from '../project/user-macros.ts';
import type { ModelSource } from './mutant-generation.ts';
import { applyMutant, type Mutant } from './mutant.ts';

/** Every macro file of the project, read whole, in path order. */
export async function macroFilesOf(project: Project): Promise<ModelSource[]> {
  const paths = [...new Set([...(project.macros?.values() ?? [])].map(fileOf))].sort();
  return Promise.all(paths.map(async (path) => ({ name: basename(path, '.sql'), layer: 'macros' as const, path, rawSql: await readFile(join(project.root, path), 'utf8') })));
}

/** The macro files that define a macro some model of the plan calls (in its SQL or a post_hook), directly or through another macro. */
export function calledMacroFiles(project: Project, plan: Plan): Set<string> {
  const macros = project.macros ?? new Map<string, UserMacro>();
  const inPlan = new Set(plan.models.map((model) => model.path));
  const called = new Set<string>();
  const visit = (nodes: readonly TemplateNode[]): void => {
    for (const node of nodes) {
      if (node.kind === 'if') {
        visit(node.whenTrue);
        visit(node.whenFalse);
      } else if (node.kind === 'call' && !called.has(node.name)) {
        called.add(node.name);
        visit(macros.get(node.name)?.body ?? []);
      }
    }
  };
  for (const model of project.models.filter((each) => inPlan.has(each.path))) {
    visit(parseTemplate(model.rawSql, model.path, { macros }));
    for (const hook of model.postHook ?? []) visit(parseTemplate(hook.sql, hook.place, { macros }));
  }
  return new Set([...called].flatMap((name) => {
    const macro = macros.get(name);
    return macro === undefined ? [] : [fileOf(macro)];
  }));
}

/**
 * The project's macros with the mutant applied to its file: each macro defined there re-read from
 * the mutated text (a mutant never touches a tag, so the signatures stay). Throws the parser's
 * ProjectError when the mutated body no longer parses.
 */
export function mutatedMacros(macros: UserMacros, file: ModelSource, mutant: Mutant): UserMacros {
  const nodes = parseTemplate(applyMutant(file.rawSql, mutant), file.path, { macros, definesMacros: true });
  const mutated = new Map(macros);
  for (const node of nodes) if (node.kind === 'definition') mutated.set(node.signature.name, { ...node.signature, body: node.body });
  return mutated;
}

/** `sql/macros/run_day.sql` of a macro whose place is `sql/macros/run_day.sql:6`. */
function fileOf(macro: UserMacro): string {
  return macro.place.replace(/:\d+$/, '');
}
