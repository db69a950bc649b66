/** Exposures (dashboards and reports) with their `depends_on` resolved to plan ids. */
import type { PlanExposure } from '../plan/plan.ts';
import { didYouMean } from './did-you-mean.ts';
import type { ErrorCollector } from './error-collector.ts';
import { ProjectError } from './errors.ts';
import { parseNodeReference } from './node-reference.ts';
import type { ExposureSpec } from './project.ts';
import type { ProjectNodes } from './project-nodes.ts';

export function compileExposures(nodes: ProjectNodes, errors: ErrorCollector): PlanExposure[] {
  const exposures: PlanExposure[] = [];
  for (const spec of nodes.project.exposures) {
    const exposure = errors.attempt(() => compileExposure(spec, nodes));
    if (exposure !== undefined) exposures.push(exposure);
  }
  return exposures;
}

function compileExposure(spec: ExposureSpec, nodes: ProjectNodes): PlanExposure {
  const models = new Set<string>();
  const sources = new Set<string>();
  spec.dependsOn.forEach((text, index) => {
    const place = `${spec.origin.path}: ${spec.origin.yamlPath ?? spec.name}.depends_on[${index}]`;
    const reference = parseNodeReference(text);
    if (reference === undefined) throw new ProjectError(place, `'${text}' must be ref('model') or source('source', 'table')`);
    const node = nodes.resolve(reference);
    if (node === undefined) {
      const [what, name, known] =
        reference.kind === 'ref'
          ? ['model', reference.name, nodes.models.keys()]
          : ['source', `${reference.sourceName}.${reference.tableName}`, nodes.sources.keys()];
      throw new ProjectError(place, `exposure '${spec.name}' depends on unknown ${what} '${name}'${didYouMean(name, known)}`);
    }
    (node.kind === 'model' ? models : sources).add(node.id);
  });
  return {
    id: `exposure.${nodes.project.config.name}.${spec.name}`,
    name: spec.name,
    label: spec.label,
    type: spec.type,
    description: spec.description,
    owner: spec.owner,
    maturity: spec.maturity,
    dependsOn: { models: [...models].sort(), sources: [...sources].sort() },
  };
}
