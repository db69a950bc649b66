/**
 * Cross-file checks: every ref() and source() in the SQL files, every relationships `to:` and every
 * exposure `depends_on:` must name a model or source table of the project.
 */
import { ProjectError } from './errors.ts';
import { relatedNodeArgument } from './generic-tests.ts';
import { parseNodeReference, type NodeReference } from './node-reference.ts';
import type { ExposureSpec, GenericTestSpec } from './project.ts';
import { unknownModelMessage, unknownSourceMessage } from './reference-messages.ts';
import type { TemplateScan } from './template.ts';

export interface ProjectNames {
  readonly models: ReadonlySet<string>;
  /** `source_name.table_name` */
  readonly sources: ReadonlySet<string>;
}

export function checkTemplateReferences(path: string, scan: TemplateScan, names: ProjectNames, errors: ProjectError[]): void {
  for (const ref of scan.refs) {
    const problem = missingTarget({ kind: 'ref', name: ref.name }, names);
    if (problem !== undefined) errors.push(new ProjectError(`${path}:${ref.line}`, problem));
  }
  for (const source of scan.sources) {
    const problem = missingTarget({ kind: 'source', ...source }, names);
    if (problem !== undefined) errors.push(new ProjectError(`${path}:${source.line}`, problem));
  }
}

export function checkRelationshipTargets(tests: Iterable<GenericTestSpec>, names: ProjectNames, errors: ProjectError[]): void {
  for (const test of tests) {
    const argument = relatedNodeArgument(test.testName);
    const written = argument === undefined ? undefined : test.args[argument];
    if (typeof written !== 'string') continue;
    const reference = parseNodeReference(written);
    const problem = reference === undefined ? undefined : missingTarget(reference, names);
    if (problem !== undefined) {
      errors.push(new ProjectError(`${test.origin.path}: ${test.origin.yamlPath}`, `${test.testName} ${argument}: ${problem}`));
    }
  }
}

export function checkExposureDependencies(exposure: ExposureSpec, names: ProjectNames, errors: ProjectError[]): void {
  exposure.dependsOn.forEach((written, index) => {
    const place = `${exposure.origin.path}: ${exposure.origin.yamlPath}.depends_on[${index}]`;
    const reference = parseNodeReference(written);
    if (reference === undefined) {
      errors.push(new ProjectError(place, `expected ref('model') or source('source', 'table'), got '${written}'`));
      return;
    }
    const problem = missingTarget(reference, names);
    if (problem !== undefined) errors.push(new ProjectError(place, problem));
  });
}

function missingTarget(reference: NodeReference, names: ProjectNames): string | undefined {
  if (reference.kind === 'ref') {
    return names.models.has(reference.name) ? undefined : unknownModelMessage(reference.name, names.models);
  }
  const { sourceName, tableName } = reference;
  return names.sources.has(`${sourceName}.${tableName}`)
    ? undefined
    : unknownSourceMessage(sourceName, tableName, names.sources);
}
