import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dbtManifest } from '../../lib/artifacts/dbt-manifest.ts';
import { writeDocsSite } from '../../lib/docs/write-docs-site.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { ProjectErrors } from '../../lib/project/errors.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { BASE_FILES, removeProjects, writeProject } from './unit-test-project.ts';

afterAll(removeProjects);

const DOCS = `# Deal documentation

Text outside a block is ignored.

{% docs deal_amount %}
The deal's amount in its currency,
**before** discounts.
{% enddocs %}

{%- docs deal_id -%}Identifier of the deal in the CRM.{%- enddocs -%}
`;

const STAGING_SCHEMA = `version: 2
models:
  - name: stg_crm_deals
    description: 'Deals. {{ doc("deal_id") }}'
    columns:
      - { name: deal_id, data_type: varchar, description: "{{ doc('deal_id') }}" }
      - { name: amount, data_type: 'decimal(18,2)', description: '{{ doc("deal_amount") }}' }
      - { name: account_id }
`;

const SOURCES_WITH_DOC = BASE_FILES['sql/sources.yml']?.replace(
  "          - { name: amount, data_type: 'decimal(18,2)' }",
  "          - { name: amount, data_type: 'decimal(18,2)', description: '{{ doc(\"deal_amount\") }}' }",
);

async function projectErrors(files: Readonly<Record<string, string | undefined>>): Promise<string[]> {
  try {
    await loadProject(await writeProject(files));
  } catch (error) {
    if (error instanceof ProjectErrors) return error.errors.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected the project to be rejected');
}

describe('doc blocks', () => {
  it("replaces {{ doc('name') }} in model, column and source descriptions with the block's text", async () => {
    const project = await loadProject(
      await writeProject({ 'sql/staging/deals.md': DOCS, 'sql/staging/schema.yml': STAGING_SCHEMA, 'sql/sources.yml': SOURCES_WITH_DOC }),
    );
    const deals = project.models.find((model) => model.name === 'stg_crm_deals');
    expect(deals?.description).toBe('Deals. Identifier of the deal in the CRM.');
    expect(deals?.columns.map((column) => column.description)).toEqual([
      'Identifier of the deal in the CRM.',
      "The deal's amount in its currency,\n**before** discounts.",
      undefined,
    ]);
    const source = project.sources.find((table) => table.tableName === 'deals');
    expect(source?.columns.find((column) => column.name === 'amount')?.description).toBe("The deal's amount in its currency,\n**before** discounts.");
  });

  it("puts the blocks in dbt's manifest and their text on the docs site's pages", async () => {
    const project = await loadProject(await writeProject({ 'sql/staging/deals.md': DOCS, 'sql/staging/schema.yml': STAGING_SCHEMA }));
    const plan = compileProject(project, { target: 'duckdb' });
    const manifest = dbtManifest(plan, 'invocation', new Date('2026-11-25T00:00:00Z')) as { docs: Record<string, unknown> };
    expect(manifest.docs['doc.crm.deal_amount']).toEqual({
      name: 'deal_amount',
      package_name: 'crm',
      path: 'staging/deals.md',
      original_file_path: 'sql/staging/deals.md',
      unique_id: 'doc.crm.deal_amount',
      resource_type: 'doc',
      block_contents: "The deal's amount in its currency,\n**before** discounts.",
    });
    expect(Object.keys(manifest.docs)).toEqual(['doc.crm.deal_amount', 'doc.crm.deal_id']);

    const outDir = mkdtempSync(join(tmpdir(), 'doc-blocks-site-'));
    try {
      await writeDocsSite({ plan, outDir, warehouse: { state: 'absent', location: '/nowhere' }, generatedAt: new Date('2026-11-25T00:00:00Z') });
      const page = readFileSync(join(outDir, 'models/stg_crm_deals.html'), 'utf8');
      expect(page).toContain('Deals. Identifier of the deal in the CRM.');
      expect(page).toContain('**before** discounts.');
      expect(page).not.toContain('doc(');
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown doc name, naming the file, the YAML place and the closest block', async () => {
    const schema = STAGING_SCHEMA.replace(`doc('deal_id')`, `doc('deal_idd')`);
    expect(await projectErrors({ 'sql/staging/deals.md': DOCS, 'sql/staging/schema.yml': schema })).toEqual([
      "sql/staging/schema.yml: models[0].columns[0].description: unknown doc 'deal_idd'; did you mean 'deal_id'? (doc blocks are defined with {% docs name %} in sql/**/*.md)",
    ]);
  });

  it('rejects a doc() when no file defines any block', async () => {
    expect(await projectErrors({ 'sql/staging/schema.yml': STAGING_SCHEMA })).toContain(
      "sql/staging/schema.yml: models[0].description: unknown doc 'deal_id' (no .md file under sql/ defines a {% docs %} block)",
    );
  });

  it('rejects a name defined twice, naming both places', async () => {
    const again = 'More.\n\n{% docs deal_amount %}\nAgain.\n{% enddocs %}\n';
    expect(await projectErrors({ 'sql/staging/deals.md': DOCS, 'sql/marts/more.md': again })).toEqual([
      "sql/staging/deals.md:5: doc 'deal_amount' is already defined at sql/marts/more.md:3",
    ]);
  });

  it.each([
    ['a block without {% enddocs %}', '\n{% docs open %}\ntext\n', 'sql/docs.md:2: doc block \'open\' has no {% enddocs %}'],
    ['{% enddocs %} without a block', 'text\n{% enddocs %}\n', 'sql/docs.md:2: {% enddocs %} without an open {% docs name %}'],
    [
      'a block inside a block',
      '{% docs outer %}\n{% docs inner %}\n{% enddocs %}\n',
      "sql/docs.md:2: {% docs %} inside the doc block 'outer' opened at line 1; close it with {% enddocs %} first",
    ],
    ['a block without a name', '{% docs %}x{% enddocs %}\n', "sql/docs.md:1: a doc block is {% docs name %} with a name of letters, digits and _, got '{% docs %}'"],
  ])('rejects %s, naming the file and line', async (_case, text, message) => {
    expect(await projectErrors({ 'sql/docs.md': text })).toEqual([message]);
  });
});
