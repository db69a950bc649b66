/** Exposures (dashboards and reports) with their `depends_on` resolved to plan ids. */
import type { PlanExposure } from '../plan/plan.ts';
import type { ErrorCollector } from './error-collector.ts';
import { ProjectError } from './errors.ts';
import { parseNodeReference } from './node-reference.ts';
import type { ExposureSpec } from './project.ts';
import type { ProjectNodes } from './project-nodes.ts';
import { unknownModelMessage, unknownSourceMessage } from './reference-messages.ts';

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
    if (reference === undefined) throw new ProjectError(place, `expected ref('model') or source('source', 'table'), got '${text}'`);
    const node = nodes.resolve(reference);
    if (node === undefined) {
      const detail =
        reference.kind === 'ref'
          ? unknownModelMessage(reference.name, nodes.models.keys())
          : unknownSourceMessage(reference.sourceName, reference.tableName, nodes.sources.keys());
      throw new ProjectError(place, detail);
    }
    const read = node.kind === 'source' ? (node.providedBy ?? node) : node;
    (read.kind === 'model' ? models : sources).add(read.id);
  });
  return {
    id: `exposure.${nodes.project.config.name}.${spec.name}`,
    name: spec.name,
    label: spec.label,
    type: spec.type,
    description: spec.description,
    owner: spec.owner,
    maturity: spec.maturity,
    url: spec.url,
    dependsOn: { models: [...models].sort(), sources: [...sources].sort() },
  };
}
