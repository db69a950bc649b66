/**
 * The round trip: one generated CRM, landed as generic files and as a CRM system's export files, builds
 * the same warehouse. The generic side is the landing as the system carries it (`carried` of its
 * format: the fields the system has no place for emptied, coarser values coarsened), so every staging
 * view, dimension, fact and mart must be equal row for row, and every test of a model must end alike.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLanding } from '../../lib/generate/generate-landing.ts';
import { convertLanding } from '../../lib/sources/convert-landing.ts';
import { HUBSPOT_FORMAT } from '../../lib/sources/hubspot-format.ts';
import { SALESFORCE_FORMAT } from '../../lib/sources/salesforce-format.ts';
import type { SystemFormat } from '../../lib/sources/system-format.ts';
import { buildRealProject, errorsOf, type BuiltWarehouse } from '../models/warehouse-build.ts';
import { writeCarriedLanding } from './carried-landing.ts';

const RUN_DATE = '2026-03-10';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'crm-round-trip-'));
  await generateLanding({ outDir: join(work, 'generic'), scale: 0.01, days: 3, seed: 7, endDate: RUN_DATE, dirtyShare: 0, parallel: false });
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Every row of a relation, each as JSON, sorted: equal lists are equal relations. */
async function rowsOf(built: BuiltWarehouse, relation: string): Promise<string[]> {
  const rows = await built.engine.query(`select * from ${relation}`);
  return rows.map((row) => JSON.stringify(row, (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))).sort();
}

describe.each([
  { format: SALESFORCE_FORMAT, facts: ['fact_deals', 'fact_deal_stage_history', 'fact_activities', 'fact_orders', 'fact_tickets'] },
  // HubSpot carries no orders of the generated CRM (line items belong to deals).
  { format: HUBSPOT_FORMAT, facts: ['fact_deals', 'fact_deal_stage_history', 'fact_activities', 'fact_tickets'] },
])('generic and $format.system files of one generated CRM', ({ format, facts }: { format: SystemFormat; facts: string[] }) => {
  let generic: BuiltWarehouse;
  let system: BuiltWarehouse;

  beforeAll(async () => {
    await writeCarriedLanding(join(work, 'generic'), join(work, `carried-${format.system}`), format, RUN_DATE);
    await convertLanding(join(work, 'generic'), join(work, format.system), format);
    generic = await buildRealProject(join(work, `carried-${format.system}`), { run_date: RUN_DATE });
    system = await buildRealProject(join(work, format.system), { run_date: RUN_DATE, crm_source: format.system });
  }, 300_000);

  afterAll(async () => {
    await generic?.engine.close();
    await system?.engine.close();
  });

  it('both build without an error', () => {
    expect(errorsOf(generic.result)).toEqual([]);
    expect(errorsOf(system.result)).toEqual([]);
    expect(system.load.totals.rowsRejected).toBe(0);
  });

  it('build every contract model equal, row for row', async () => {
    const compared = generic.plan.models;
    expect(compared.length).toBeGreaterThan(30);
    for (const model of compared) {
      const relation = `${model.relation.schema}.${model.relation.name}`;
      expect(await rowsOf(system, relation), relation).toEqual(await rowsOf(generic, relation));
    }
  });

  it('have rows to compare in every fact the system carries', async () => {
    for (const fact of facts) expect((await rowsOf(system, `analytics.${fact}`)).length, fact).toBeGreaterThan(0);
  });

  it('give the same outcome for every test of a model', () => {
    // Tests of the landed tables differ by nature: the generic build reads the crm tables, the system's
    // build its objects (and, through the mapping models, what reads crm tables there).
    const ofModels = new Set(generic.plan.tests.filter((test) => test.dependsOn.models.length > 0).map((test) => test.name));
    const outcomes = (built: BuiltWarehouse): string[] =>
      built.result.results.filter((node) => ofModels.has(node.name)).map((node) => `${node.name}: ${node.status}`).sort();
    expect(ofModels.size).toBeGreaterThan(400);
    expect(outcomes(system)).toEqual(outcomes(generic));
  });
});
