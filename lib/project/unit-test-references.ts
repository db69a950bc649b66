/**
 * Cross-file checks of unit tests: the model exists, every input is something the model reads,
 * and every model or source the model reads is given. A unit test replaces the warehouse entirely,
 * so an input left out could only be read from whatever happens to be built, and its columns
 * could not be typed: it is an error naming the input.
 */
import { closestName } from './closest-name.ts';
import { didYouMean } from './did-you-mean.ts';
import { ProjectError } from './errors.ts';
import type { NodeReference } from './node-reference.ts';
import { originPlace } from './origin-place.ts';
import type { UnitTestSpec } from './project.ts';
import { isRendered, type TemplateScan } from './template.ts';

/** `ref('stg_crm_deals')`, `source('crm', 'deals')`: how an input is written and shown. */
export function referenceText(reference: NodeReference): string {
  return reference.kind === 'ref' ? `ref('${reference.name}')` : `source('${reference.sourceName}', '${reference.tableName}')`;
}

/**
 * `modelReads` has every model by name with the scan of its SQL, or undefined when its template
 * is broken (already reported: its unit tests are not checked further).
 */
export function checkUnitTests(unitTests: readonly UnitTestSpec[], modelReads: ReadonlyMap<string, TemplateScan | undefined>, errors: ProjectError[]): void {
  const declaredAt = new Map<string, UnitTestSpec>();
  for (const test of unitTests) {
    const earlier = declaredAt.get(test.name);
    if (earlier !== undefined) {
      errors.push(new ProjectError(originPlace(test.origin), `unit test '${test.name}' is already declared at ${originPlace(earlier.origin)}`));
      continue;
    }
    declaredAt.set(test.name, test);
    if (!modelReads.has(test.model)) {
      errors.push(new ProjectError(`${originPlace(test.origin)}.model`, `unknown model '${test.model}'${didYouMean(test.model, modelReads.keys())}`));
      continue;
    }
    const scan = modelReads.get(test.model);
    if (scan !== undefined) checkInputs(test, scan, errors);
  }
}

/**
 * Every read may be given; those the test's rendering (full, or the increment under
 * `overrides: macros: is_incremental: true`) reads must be, `{{ this }}` included.
 */
function checkInputs(test: UnitTestSpec, scan: TemplateScan, errors: ProjectError[]): void {
  const incremental = test.isIncremental ?? false;
  const readsOf = (rendered: boolean) =>
    [
      ...scan.refs.filter((ref) => !rendered || isRendered(ref.when, incremental)).map((ref): NodeReference => ({ kind: 'ref', name: ref.name })),
      ...scan.sources
        .filter((source) => !rendered || isRendered(source.when, incremental))
        .map((source): NodeReference => ({ kind: 'source', sourceName: source.sourceName, tableName: source.tableName })),
    ].map(referenceText);
  const readSet = new Set(readsOf(false));
  checkThisInput(test, scan, incremental, errors);
  const givenAt = new Map<string, string>();
  for (const input of test.given) {
    const text = referenceText(input.reference);
    const place = originPlace(input.origin);
    if (!readSet.has(text)) {
      const suggestion = closestName(text, readSet);
      const what = readSet.size === 0 ? 'reads no model or source' : `reads ${[...readSet].join(', ')}`;
      errors.push(
        new ProjectError(place, `unknown input '${input.input}': model '${test.model}' ${what}${suggestion === undefined ? '' : `; did you mean ${suggestion}?`}`),
      );
      continue;
    }
    const earlier = givenAt.get(text);
    if (earlier !== undefined) {
      errors.push(new ProjectError(place, `input ${text} is already given at ${earlier}`));
      continue;
    }
    givenAt.set(text, input.origin.yamlPath);
  }
  for (const read of new Set(readsOf(true))) {
    if (givenAt.has(read)) continue;
    errors.push(
      new ProjectError(`${originPlace(test.origin)}.given`, `model '${test.model}' also reads ${read}: give its rows (rows: [] for none)`),
    );
  }
}

/** `input: this` is given exactly when the rendering reads `{{ this }}`, as dbt requires of other inputs. */
function checkThisInput(test: UnitTestSpec, scan: TemplateScan, incremental: boolean, errors: ProjectError[]): void {
  const read = scan.thisUses.find((use) => isRendered(use.when, incremental));
  const rendering = incremental ? 'its increment (overrides: macros: is_incremental: true)' : 'its full build';
  if (read !== undefined && test.thisInput === undefined) {
    errors.push(
      new ProjectError(`${originPlace(test.origin)}.given`, `model '${test.model}' reads {{ this }} in ${rendering} (line ${read.line}): give its rows as input: this (rows: [] for none)`),
    );
  }
  if (read === undefined && test.thisInput !== undefined) {
    errors.push(new ProjectError(originPlace(test.thisInput.origin), `unknown input 'this': model '${test.model}' does not read {{ this }} in ${rendering}`));
  }
}
