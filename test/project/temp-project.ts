/**
 * Small SQL projects on disk for tests: the usual four-layer project.yml, a crm sources.yml, and the files of a project
 * written into a fresh temp folder, removed again when the test file is done.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** sql/project.yml named crm with `vars` (strings quoted) and the staging, dimensions, facts and marts layers. */
export function layeredProjectYml(vars: Readonly<Record<string, string | number>>): string {
  const lines = Object.entries(vars).map(([name, value]) => `  ${name}: ${typeof value === 'string' ? `'${value}'` : String(value)}\n`);
  return `name: crm
vars:
${lines.join('')}models:
  staging: { schema: staging, materialized: view }
  dimensions: { schema: analytics, materialized: table }
  facts: { schema: analytics, materialized: table }
  marts: { schema: marts, materialized: table }
`;
}

/** sql/sources.yml with one source, crm in schema raw, and `tables`: table → column → data_type. */
export function crmSourcesYml(tables: Readonly<Record<string, Readonly<Record<string, string>>>>): string {
  const table = ([name, columns]: [string, Readonly<Record<string, string>>]): string =>
    `      - name: ${name}\n        columns:\n${Object.entries(columns)
      .map(([column, type]) => `          - { name: ${column}, data_type: ${type.includes('(') ? `'${type}'` : type} }\n`)
      .join('')}`;
  return `version: 2\nsources:\n  - name: crm\n    schema: raw\n    tables:\n${Object.entries(tables).map(table).join('')}`;
}

/** Temp folders written by one test file; `removeAll` in its afterAll. */
export class TempProjects {
  private readonly roots: string[] = [];

  constructor(private readonly prefix: string) {}

  /** `files` (path → text) in a fresh temp folder; a file mapped to undefined is left out. */
  async write(files: Readonly<Record<string, string | undefined>>): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), `${this.prefix}-`));
    this.roots.push(root);
    for (const [path, text] of Object.entries(files)) {
      if (text === undefined) continue;
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    return root;
  }

  async removeAll(): Promise<void> {
    await Promise.all(this.roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
  }
}
