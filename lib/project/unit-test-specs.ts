/**
 * The `unit_tests:` entries of a layer folder's `schema.yml` (dbt 1.8 unit tests). Each entry is
 * checked on its own here; whether its model and inputs exist is checked across files in
 * unit-test-references.ts.
 */
import { ProjectError } from './errors.ts';
import { parseNodeReference } from './node-reference.ts';
import { unitTestSchema, type UnitTestYaml } from './project-schemas.ts';
import type { UnitTestInput, UnitTestSpec } from './project.ts';
import { validateYaml } from './schema-issues.ts';
import { unitTestRowsOf } from './unit-test-rows.ts';
import { isMapping } from './yaml-mapping.ts';
import { formatYamlPath, yamlPlace, type YamlPath } from './yaml-path.ts';

export function unitTestSpecsOf(value: unknown, file: string, errors: ProjectError[]): UnitTestSpec[] {
  const entries = isMapping(value) && Array.isArray(value.unit_tests) ? (value.unit_tests as unknown[]) : [];
  const specs: UnitTestSpec[] = [];
  entries.forEach((entry, index) => {
    const path = ['unit_tests', index];
    const valid = validateYaml(unitTestSchema, entry, file, path, errors);
    if (valid === undefined) return;
    const given = valid.given.map((input, inputIndex) => inputOf(input, file, [...path, 'given', inputIndex], errors));
    const expect = unitTestRowsOf(valid.expect.rows, valid.expect.format ?? 'dict', file, [...path, 'expect', 'rows'], errors);
    if (expect === undefined || !given.every((input) => input !== undefined)) return;
    specs.push({
      name: valid.name,
      ...(valid.description == null ? {} : { description: valid.description }),
      model: valid.model,
      given,
      expect,
      vars: valid.overrides?.vars ?? {},
      origin: { path: file, yamlPath: formatYamlPath(path) },
    });
  });
  return specs;
}

function inputOf(input: UnitTestYaml['given'][number], file: string, path: YamlPath, errors: ProjectError[]): UnitTestInput | undefined {
  const reference = parseNodeReference(input.input);
  if (reference === undefined) {
    errors.push(
      new ProjectError(yamlPlace(file, [...path, 'input']), `expected ref('model') or source('source', 'table'), got '${input.input}'`),
    );
    return undefined;
  }
  const origin = { path: file, yamlPath: formatYamlPath(path) };
  const format = input.format ?? 'dict';
  if (format === 'sql') {
    if (typeof input.rows !== 'string' || input.rows.trim() === '') {
      errors.push(new ProjectError(yamlPlace(file, [...path, 'rows']), 'format: sql takes a SELECT returning the rows, as text'));
      return undefined;
    }
    return { input: input.input, reference, fixture: { format: 'sql', sql: input.rows.trim() }, origin };
  }
  const rows = unitTestRowsOf(input.rows, format, file, [...path, 'rows'], errors);
  return rows === undefined ? undefined : { input: input.input, reference, fixture: { format: 'rows', rows }, origin };
}
