/**
 * The dialect lint over a whole plan (docs/architecture.md, "Portable SQL": the lint runs over every compiled
 * model and fails the build on a banned construct, naming it). Lints every model's full
 * and incremental SQL, every test's SQL and every unit test's SQL; a test's audit SQL differs only
 * in relation names, so it is not linted again.
 *
 * Findings point at the file a person edits: a model's or singular test's `.sql` (compiled lines
 * mapped back through the templating, see source-line-map.ts) and, for a generic test, its entry in
 * the YAML file that declares it. Without `readSource`, model findings keep compiled line numbers
 * and generic-test findings point at line 1 of their YAML file.
 */
import type { Plan, PlanModel, PlanTest, PlanUnitTest } from '../plan/plan.ts';
import type { LintFinding } from './lint-finding.ts';
import { lintSql, type LineMapping } from './lint-sql.ts';
import { sourceLineMapping } from './source-line-map.ts';
import { YamlEntryLines } from './yaml-entry-lines.ts';

export interface LintPlanOptions {
  /** Text of a project file by its project-relative path (see projectSourceReader); undefined when unavailable. */
  readonly readSource?: (path: string) => string | undefined;
}

export function lintPlan(plan: Plan, options: LintPlanOptions = {}): LintFinding[] {
  if (plan.target !== 'redshift') {
    // Macros render per target: DuckDB's or Postgres's SQL would be judged as if Redshift ran it.
    throw new Error(`lintPlan checks the SQL Redshift runs: compile the plan with target 'redshift' (this one is for '${plan.target}')`);
  }
  const sources = new SourceTexts(options.readSource);
  const findings = [
    ...plan.models.flatMap((model) => lintModel(model, sources)),
    ...plan.tests.flatMap((test) => lintTest(test, sources)),
    ...(plan.unitTests ?? []).flatMap((test) => lintUnitTest(test, sources)),
  ];
  return withoutRepeats(findings);
}

function lintModel(model: PlanModel, sources: SourceTexts): LintFinding[] {
  const place = { path: model.path, node: model.id };
  const statements = model.incrementalSql === undefined ? [model.sql] : [model.sql, model.incrementalSql];
  return statements.flatMap((sql) => lintSql(sql, place, sources.templateMapping(model.path, sql)));
}

function lintTest(test: PlanTest, sources: SourceTexts): LintFinding[] {
  const place = { path: test.path, node: test.id };
  if (test.kind === 'singular') return lintSql(test.sql, place, sources.templateMapping(test.path, test.sql));
  const line = test.yamlPath === undefined ? undefined : sources.yamlEntryLine(test.path, test.yamlPath);
  return lintSql(test.sql, place, () => ({ line: line ?? 1, exact: false }));
}

/**
 * A unit test's SQL is its model's SELECT over literal rows, run by the same engines: it is linted
 * too, and placed at the unit test's YAML entry (a construct of the model shows up there again).
 */
function lintUnitTest(test: PlanUnitTest, sources: SourceTexts): LintFinding[] {
  const line = sources.yamlEntryLine(test.path, test.yamlPath);
  return lintSql(test.sql, { path: test.path, node: test.id }, () => ({ line: line ?? 1, exact: false }));
}

/** Source files are read once each, however many nodes they hold. */
class SourceTexts {
  private readonly texts = new Map<string, string | undefined>();
  private readonly yamlFiles = new Map<string, YamlEntryLines | undefined>();

  constructor(private readonly readSource: ((path: string) => string | undefined) | undefined) {}

  templateMapping(path: string, compiledSql: string): LineMapping | undefined {
    const template = this.text(path);
    return template === undefined ? undefined : sourceLineMapping(template, compiledSql);
  }

  yamlEntryLine(path: string, yamlPath: string): number | undefined {
    if (!this.yamlFiles.has(path)) {
      const text = this.text(path);
      this.yamlFiles.set(path, text === undefined ? undefined : new YamlEntryLines(text));
    }
    return this.yamlFiles.get(path)?.lineOf(yamlPath);
  }

  private text(path: string): string | undefined {
    if (!this.texts.has(path)) this.texts.set(path, this.readSource?.(path));
    return this.texts.get(path);
  }
}

/** The full and incremental SQL of a model share most lines: one finding per place is enough. */
function withoutRepeats(findings: readonly LintFinding[]): LintFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = [finding.node, finding.line, finding.column ?? '', finding.rule, finding.construct].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
