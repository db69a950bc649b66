/**
 * The round trip: one generated CRM, landed as generic files and as Salesforce's export files, builds
 * the same warehouse. The generic side is the landing as Salesforce carries it
 * (SALESFORCE_FORMAT.carried: the fields Salesforce has no place for emptied, coarser values coarsened),
 * so every staging view, dimension, fact and mart must be equal row for row, and the Salesforce build
 * must pass the same tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLanding } from '../../lib/generate/generate-landing.ts';
import { convertLanding } from '../../lib/sources/convert-landing.ts';
import { SALESFORCE_FORMAT } from '../../lib/sources/salesforce-format.ts';
import { buildRealProject, errorsOf, type BuiltWarehouse } from '../models/warehouse-build.ts';
import { writeCarriedLanding } from './carried-landing.ts';

const RUN_DATE = '2026-03-10';

let work: string;
let generic: BuiltWarehouse;
let salesforce: BuiltWarehouse;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'crm-salesforce-round-trip-'));
  await generateLanding({ outDir: join(work, 'generic'), scale: 0.01, days: 3, seed: 7, endDate: RUN_DATE, dirtyShare: 0, parallel: false });
  await writeCarriedLanding(join(work, 'generic'), join(work, 'carried'), SALESFORCE_FORMAT, RUN_DATE);
  await convertLanding(join(work, 'generic'), join(work, 'salesforce'), SALESFORCE_FORMAT);
  generic = await buildRealProject(join(work, 'carried'), { run_date: RUN_DATE });
  salesforce = await buildRealProject(join(work, 'salesforce'), { run_date: RUN_DATE, crm_source: 'salesforce' });
}, 300_000);

afterAll(async () => {
  await generic?.engine.close();
  await salesforce?.engine.close();
  await rm(work, { recursive: true, force: true });
});

/** Every row of a relation, each as JSON, sorted: equal lists are equal relations. */
async function rowsOf(built: BuiltWarehouse, relation: string): Promise<string[]> {
  const rows = await built.engine.query(`select * from ${relation}`);
  return rows.map((row) => JSON.stringify(row, (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))).sort();
}

describe('generic and Salesforce files of one generated CRM', () => {
  it('both build without an error', () => {
    expect(errorsOf(generic.result)).toEqual([]);
    expect(errorsOf(salesforce.result)).toEqual([]);
    expect(salesforce.load.totals.rowsRejected).toBe(0);
  });

  it('build every contract model equal, row for row', async () => {
    const compared = generic.plan.models.filter((model) => !model.path.startsWith('sql/staging/salesforce/'));
    expect(compared.length).toBeGreaterThan(30);
    for (const model of compared) {
      const relation = `${model.relation.schema}.${model.relation.name}`;
      const rows = await rowsOf(generic, relation);
      expect(await rowsOf(salesforce, relation), relation).toEqual(rows);
    }
  });

  it('and have rows to compare in every fact', async () => {
    for (const fact of ['fact_deals', 'fact_deal_stage_history', 'fact_activities', 'fact_orders', 'fact_tickets']) {
      expect((await rowsOf(salesforce, `analytics.${fact}`)).length, fact).toBeGreaterThan(0);
    }
  });

  it('give the same outcome for every test of a model', () => {
    // Tests of the landed tables differ by nature: the generic build reads the crm tables, the Salesforce
    // build its objects (and, through the mapping models, what reads crm tables there).
    const ofModels = new Set(generic.plan.tests.filter((test) => test.dependsOn.models.length > 0).map((test) => test.name));
    const outcomes = (built: BuiltWarehouse): string[] =>
      built.result.results.filter((node) => ofModels.has(node.name)).map((node) => `${node.name}: ${node.status}`).sort();
    expect(ofModels.size).toBeGreaterThan(400);
    expect(outcomes(salesforce)).toEqual(outcomes(generic));
  });
});
