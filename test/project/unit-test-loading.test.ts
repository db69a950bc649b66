import { afterAll, describe, expect, it } from 'vitest';
import { loadWithUnitTests, removeProjects, unitTestErrors } from './unit-test-project.ts';

afterAll(removeProjects);

const GIVEN_BOTH = `    given:
      - input: ref('stg_crm_deals')
        rows:
          - { deal_id: D1, account_id: A1, amount: 10.5 }
      - input: ref('stg_crm_accounts')
        rows: []
`;

const EXPECT_ONE = `    expect:
      rows:
        - { deal_id: D1, account_name: null, double_amount: 21 }
`;

describe('loading unit tests', () => {
  it('reads a unit test with its inputs, rows, expected rows, vars and place', async () => {
    const project = await loadWithUnitTests(`  - name: doubles_amounts
    description: Amounts are doubled.
    model: fact_deals
    overrides:
      vars: { run_date: '2026-01-31' }
${GIVEN_BOTH}${EXPECT_ONE}`);
    expect(project.unitTests).toEqual([
      {
        name: 'doubles_amounts',
        description: 'Amounts are doubled.',
        model: 'fact_deals',
        given: [
          {
            input: "ref('stg_crm_deals')",
            reference: { kind: 'ref', name: 'stg_crm_deals' },
            fixture: { format: 'rows', rows: [{ deal_id: 'D1', account_id: 'A1', amount: 10.5 }] },
            origin: { path: 'sql/facts/schema.yml', yamlPath: 'unit_tests[0].given[0]' },
          },
          {
            input: "ref('stg_crm_accounts')",
            reference: { kind: 'ref', name: 'stg_crm_accounts' },
            fixture: { format: 'rows', rows: [] },
            origin: { path: 'sql/facts/schema.yml', yamlPath: 'unit_tests[0].given[1]' },
          },
        ],
        expect: [{ deal_id: 'D1', account_name: null, double_amount: 21 }],
        vars: { run_date: '2026-01-31' },
        origin: { path: 'sql/facts/schema.yml', yamlPath: 'unit_tests[0]' },
      },
    ]);
  });

  it('leaves unitTests out of a project that declares none', async () => {
    const project = await loadWithUnitTests('');
    expect(project.unitTests).toBeUndefined();
  });

  it('reads CSV rows the way YAML reads the same plain values', async () => {
    const project = await loadWithUnitTests(`  - name: csv_rows
    model: fact_deals
    given:
      - input: ref('stg_crm_deals')
        format: csv
        rows: |
          deal_id, account_id ,amount,is_big,note
          D1,A1,10.50,true,"a, quoted ""text"""
          007,,-3,false,""

          D3,null,12,TRUE,plain text
      - input: ref('stg_crm_accounts')
        format: sql
        rows: select 'A1' as account_id, 'Acme' as account_name
    expect:
      format: csv
      rows: |
        deal_id,double_amount
        D1,21.00
`);
    const [test] = project.unitTests ?? [];
    expect(test?.given[0]?.fixture).toEqual({
      format: 'rows',
      rows: [
        { deal_id: 'D1', account_id: 'A1', amount: 10.5, is_big: true, note: 'a, quoted "text"' },
        { deal_id: '007', account_id: null, amount: -3, is_big: false, note: '' },
        { deal_id: 'D3', account_id: null, amount: 12, is_big: 'TRUE', note: 'plain text' },
      ],
    });
    expect(test?.given[1]?.fixture).toEqual({ format: 'sql', sql: "select 'A1' as account_id, 'Acme' as account_name" });
    expect(test?.expect).toEqual([{ deal_id: 'D1', double_amount: 21 }]);
  });
});

describe('unit test errors', () => {
  const withGiven = (given: string, model = 'fact_deals'): string => `  - name: a_test\n    model: ${model}\n    given:\n${given}${EXPECT_ONE}`;

  it('names an unknown model and the nearest one', async () => {
    expect(await unitTestErrors(`  - name: a_test\n    model: fact_deal\n${GIVEN_BOTH}${EXPECT_ONE}`)).toEqual([
      "sql/facts/schema.yml: unit_tests[0].model: unknown model 'fact_deal'; did you mean 'fact_deals'?",
    ]);
  });

  it('rejects an input the model does not read, listing what it reads', async () => {
    expect(
      await unitTestErrors(
        withGiven(`      - input: ref('stg_crm_deal')
        rows: []
      - input: ref('stg_crm_deals')
        rows: []
      - input: ref('stg_crm_accounts')
        rows: []
`),
      ),
    ).toEqual([
      "sql/facts/schema.yml: unit_tests[0].given[0]: unknown input 'ref('stg_crm_deal')': model 'fact_deals' reads ref('stg_crm_deals'), ref('stg_crm_accounts'); did you mean ref('stg_crm_deals')?",
    ]);
  });

  it('requires every model and source the model reads, naming the missing one', async () => {
    expect(await unitTestErrors(withGiven(`      - input: ref('stg_crm_deals')\n        rows: []\n`))).toEqual([
      "sql/facts/schema.yml: unit_tests[0].given: model 'fact_deals' also reads ref('stg_crm_accounts'): give its rows (rows: [] for none)",
    ]);
  });

  it('rejects an input given twice', async () => {
    expect(
      await unitTestErrors(
        withGiven(`      - input: ref('stg_crm_deals')
        rows: []
      - input: ref('stg_crm_accounts')
        rows: []
      - input: ref("stg_crm_deals")
        rows: []
`),
      ),
    ).toEqual(["sql/facts/schema.yml: unit_tests[0].given[2]: input ref('stg_crm_deals') is already given at unit_tests[0].given[0]"]);
  });

  it('accepts a source input of a staging model and rejects a ref the staging model does not read', async () => {
    const errors = await unitTestErrors(`  - name: a_test
    model: stg_crm_deals
    given:
      - input: source('crm', 'deals')
        rows: []
      - input: ref('stg_crm_accounts')
        rows: []
    expect:
      rows: []
`);
    expect(errors).toEqual([
      "sql/facts/schema.yml: unit_tests[0].given[1]: unknown input 'ref('stg_crm_accounts')': model 'stg_crm_deals' reads source('crm', 'deals')",
    ]);
  });

  it('rejects an input that is neither ref() nor source()', async () => {
    expect(await unitTestErrors(withGiven(`      - input: stg_crm_deals\n        rows: []\n`))).toEqual([
      "sql/facts/schema.yml: unit_tests[0].given[0].input: expected ref('model'), source('source', 'table') or this, got 'stg_crm_deals'",
    ]);
  });

  it('rejects rows that are not a list, with a hint for CSV text', async () => {
    expect(await unitTestErrors(withGiven(`      - input: ref('stg_crm_deals')\n        rows: { deal_id: D1 }\n`))).toEqual([
      'sql/facts/schema.yml: unit_tests[0].given[0].rows: expected a list of rows, got a mapping',
    ]);
    expect(await unitTestErrors(withGiven(`      - input: ref('stg_crm_deals')\n        rows: "deal_id\\nD1"\n`))).toEqual([
      "sql/facts/schema.yml: unit_tests[0].given[0].rows: expected a list of rows, got 'deal_id\nD1' (CSV text needs format: csv)",
    ]);
  });

  it('rejects a row that is not a mapping', async () => {
    expect(await unitTestErrors(withGiven(`      - input: ref('stg_crm_deals')\n        rows: [D1]\n`))).toEqual([
      "sql/facts/schema.yml: unit_tests[0].given[0].rows[0]: expected a mapping of column to value, got 'D1'",
    ]);
  });

  it('rejects a value that is a list or a mapping', async () => {
    expect(await unitTestErrors(withGiven(`      - input: ref('stg_crm_deals')\n        rows: [{ deal_id: [1, 2] }]\n`))).toEqual([
      'sql/facts/schema.yml: unit_tests[0].given[0].rows[0].deal_id: expected text, a number, true/false or null, got a list',
    ]);
  });

  it('rejects a column name that is not a lower-case identifier', async () => {
    expect(await unitTestErrors(withGiven(`      - input: ref('stg_crm_deals')\n        rows: [{ Deal_ID: D1 }]\n`))).toEqual([
      "sql/facts/schema.yml: unit_tests[0].given[0].rows[0].Deal_ID: column 'Deal_ID' is not a lower-case SQL identifier (a-z, 0-9, _)",
    ]);
  });

  it('requires rows', async () => {
    expect(await unitTestErrors(withGiven(`      - input: ref('stg_crm_deals')\n`))).toEqual([
      "sql/facts/schema.yml: unit_tests[0].given[0]: missing 'rows' (rows: [] for none)",
    ]);
  });

  it('reports a CSV line with the wrong number of fields and an unclosed quote', async () => {
    const csv = (text: string): string => withGiven(`      - input: ref('stg_crm_deals')\n        format: csv\n        rows: |\n${text}`);
    expect(await unitTestErrors(csv('          deal_id,amount\n          D1,1,2\n'))).toEqual([
      'sql/facts/schema.yml: unit_tests[0].given[0].rows: CSV line 2: 3 fields, the header has 2',
    ]);
    expect(await unitTestErrors(csv('          deal_id,amount\n          "D1,1\n'))).toEqual([
      'sql/facts/schema.yml: unit_tests[0].given[0].rows: CSV line 2: a quoted field is never closed',
    ]);
    expect(await unitTestErrors(csv('          deal_id,deal_id\n          D1,1\n'))).toEqual([
      "sql/facts/schema.yml: unit_tests[0].given[0].rows: CSV line 1: column 'deal_id' appears twice",
    ]);
  });

  it('requires CSV text for format: csv and a SELECT for format: sql', async () => {
    expect(await unitTestErrors(withGiven(`      - input: ref('stg_crm_deals')\n        format: csv\n        rows: [{ deal_id: D1 }]\n`))).toEqual([
      'sql/facts/schema.yml: unit_tests[0].given[0].rows: format: csv takes CSV text (rows: |), got a list',
    ]);
    expect(await unitTestErrors(withGiven(`      - input: ref('stg_crm_deals')\n        format: sql\n        rows: []\n`))).toEqual([
      'sql/facts/schema.yml: unit_tests[0].given[0].rows: format: sql takes a SELECT returning the rows, as text',
    ]);
  });

  it('rejects fixture files and unknown formats', async () => {
    expect(await unitTestErrors(withGiven(`      - input: ref('stg_crm_deals')\n        fixture: deals.csv\n        format: json\n`))).toEqual([
      "sql/facts/schema.yml: unit_tests[0].given[0].format: unknown format 'json' (one of dict, csv, sql)",
      "sql/facts/schema.yml: unit_tests[0].given[0]: unknown key 'fixture' (expected one of input, format, rows)",
    ]);
  });

  it('rejects a second unit test of the same name', async () => {
    const test = `  - name: a_test\n    model: fact_deals\n${GIVEN_BOTH}${EXPECT_ONE}`;
    expect(await unitTestErrors(`${test}${test}`)).toEqual([
      "sql/facts/schema.yml: unit_tests[1]: unit test 'a_test' is already declared at sql/facts/schema.yml: unit_tests[0]",
    ]);
  });

  it('requires a name that can be a node id, a model, given and expect', async () => {
    expect(await unitTestErrors(`  - name: A test\n    overrides: { sql: { x: 1 } }\n`)).toEqual([
      "sql/facts/schema.yml: unit_tests[0].name: 'A test' is not a lower-case SQL identifier (a-z, 0-9, _)",
      "sql/facts/schema.yml: unit_tests[0]: missing 'model'",
      "sql/facts/schema.yml: unit_tests[0]: missing 'given'",
      "sql/facts/schema.yml: unit_tests[0]: missing 'expect'",
      "sql/facts/schema.yml: unit_tests[0].overrides: unknown override 'sql' (expected one of vars, macros)",
    ]);
  });
});
