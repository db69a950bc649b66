/** The dashboards and reports of `sql/exposures.yml` and the models they read. */
import type { ProjectError } from './errors.ts';
import { exposureSchema, exposuresFileSchema } from './project-schemas.ts';
import type { ExposureSpec } from './project.ts';
import { validateYaml } from './schema-issues.ts';
import { isMapping } from './yaml-mapping.ts';
import { formatYamlPath } from './yaml-path.ts';

export function exposureSpecsOf(value: unknown, file: string, errors: ProjectError[]): ExposureSpec[] {
  validateYaml(exposuresFileSchema, value, file, [], errors);
  const entries = isMapping(value) && Array.isArray(value.exposures) ? (value.exposures as unknown[]) : [];
  const exposures: ExposureSpec[] = [];
  entries.forEach((entry, index) => {
    const path = ['exposures', index];
    const valid = validateYaml(exposureSchema, entry, file, path, errors);
    if (valid === undefined) return;
    exposures.push({
      name: valid.name,
      ...(valid.label === undefined ? {} : { label: valid.label }),
      type: valid.type,
      ...(valid.description == null ? {} : { description: valid.description }),
      owner: valid.owner,
      ...(valid.maturity === undefined ? {} : { maturity: valid.maturity }),
      ...(valid.url === undefined ? {} : { url: valid.url }),
      dependsOn: valid.depends_on ?? [],
      origin: { path: file, yamlPath: formatYamlPath(path) },
    });
  });
  return exposures;
}
