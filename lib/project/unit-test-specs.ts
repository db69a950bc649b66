/**
 * The `unit_tests:` entries of a layer folder's `schema.yml` (dbt 1.8 unit tests). Each entry is
 * checked on its own here; whether its model and inputs exist is checked across files in
 * unit-test-references.ts.
 */
import { ProjectError } from './errors.ts';
import { parseNodeReference } from './node-reference.ts';
import { unitTestSchema, type UnitTestYaml } from './project-schemas.ts';
import { originPlace } from './origin-place.ts';
import type { UnitTestFixture, UnitTestInput, UnitTestSpec, UnitTestThisInput } from './project.ts';
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
    const inputs = valid.given.map((input, inputIndex) => inputOf(input, file, [...path, 'given', inputIndex], errors));
    const expect = unitTestRowsOf(valid.expect.rows, valid.expect.format ?? 'dict', file, [...path, 'expect', 'rows'], errors);
    if (expect === undefined || !inputs.every((input) => input !== undefined)) return;
    const thisInputs = inputs.filter((input) => input.kind === 'this');
    const [thisInput, secondThis] = thisInputs;
    if (secondThis !== undefined && thisInput !== undefined) {
      errors.push(new ProjectError(originPlace(secondThis.input.origin), `input this is already given at ${thisInput.input.origin.yamlPath}`));
      return;
    }
    specs.push({
      name: valid.name,
      ...(valid.description == null ? {} : { description: valid.description }),
      model: valid.model,
      given: inputs.flatMap((input) => (input.kind === 'node' ? [input.input] : [])),
      expect,
      vars: valid.overrides?.vars ?? {},
      ...(valid.overrides?.macros?.is_incremental === true ? { isIncremental: true } : {}),
      ...(thisInput === undefined ? {} : { thisInput: thisInput.input }),
      origin: { path: file, yamlPath: formatYamlPath(path) },
    });
  });
  return specs;
}

/** A given input: a model or source the model reads, or (dbt's `input: this`) the model's own table. */
type GivenInput = { readonly kind: 'node'; readonly input: UnitTestInput } | { readonly kind: 'this'; readonly input: UnitTestThisInput };

function inputOf(input: UnitTestYaml['given'][number], file: string, path: YamlPath, errors: ProjectError[]): GivenInput | undefined {
  const isThis = input.input.trim() === 'this';
  const reference = parseNodeReference(input.input);
  if (reference === undefined && !isThis) {
    errors.push(
      new ProjectError(yamlPlace(file, [...path, 'input']), `expected ref('model'), source('source', 'table') or this, got '${input.input}'`),
    );
    return undefined;
  }
  const origin = { path: file, yamlPath: formatYamlPath(path) };
  const fixture = fixtureOf(input, file, path, errors);
  if (fixture === undefined) return undefined;
  return reference === undefined ? { kind: 'this', input: { fixture, origin } } : { kind: 'node', input: { input: input.input, reference, fixture, origin } };
}

function fixtureOf(input: UnitTestYaml['given'][number], file: string, path: YamlPath, errors: ProjectError[]): UnitTestFixture | undefined {
  const format = input.format ?? 'dict';
  if (format === 'sql') {
    if (typeof input.rows !== 'string' || input.rows.trim() === '') {
      errors.push(new ProjectError(yamlPlace(file, [...path, 'rows']), 'format: sql takes a SELECT returning the rows, as text'));
      return undefined;
    }
    return { format: 'sql', sql: input.rows.trim() };
  }
  const rows = unitTestRowsOf(input.rows, format, file, [...path, 'rows'], errors);
  return rows === undefined ? undefined : { format: 'rows', rows };
}
