import { afterAll, describe, expect, it } from 'vitest';
import { loadWithUnitTests, removeProjects, unitTestErrors } from './unit-test-project.ts';

afterAll(removeProjects);

function withVars(vars: string): string {
  return `  - name: doubles_amounts
    model: fact_deals
    overrides:
      vars: ${vars}
    given:
      - input: ref('stg_crm_deals')
        rows: []
      - input: ref('stg_crm_accounts')
        rows: []
    expect:
      rows: []
`;
}

describe("a unit test's overrides: vars", () => {
  it('accepts vars the project declares', async () => {
    const project = await loadWithUnitTests(withVars("{ run_date: '2026-01-31', min_amount: 5 }"));
    expect(project.unitTests?.[0]?.vars).toEqual({ run_date: '2026-01-31', min_amount: 5 });
  });

  it('rejects an undeclared var, naming the file, the YAML place and the closest declared var', async () => {
    expect(await unitTestErrors(withVars("{ run_dat: '2026-01-31' }"))).toEqual([
      "sql/facts/schema.yml: unit_tests[0].overrides.vars: unknown var 'run_dat'; did you mean 'run_date'? (vars are declared under vars: in sql/project.yml)",
    ]);
  });

  it('rejects a run_date that is not a calendar date, as --vars does', async () => {
    expect(await unitTestErrors(withVars("{ run_date: '2026-02-30' }"))).toEqual([
      "sql/facts/schema.yml: unit_tests[0].overrides.vars: run_date '2026-02-30' is not a calendar date",
    ]);
  });
});
