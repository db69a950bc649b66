import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import type { Project } from '../../lib/project/project.ts';
import { selectNodes } from '../../lib/project/selection.ts';
import { readPlan, writePlan } from '../../lib/project/write-plan.ts';

// The project in sql/, loaded and compiled as the CLI does: it must compile for every target.
const root = fileURLToPath(new URL('../..', import.meta.url));
let project: Project;
let plan: Plan;
let target: string;

beforeAll(async () => {
  project = await loadProject(root);
  plan = compileProject(project, { target: 'duckdb' });
  target = mkdtempSync(join(tmpdir(), 'real-plan-'));
});

afterAll(() => {
  rmSync(target, { recursive: true, force: true });
});

describe('the sql/ project', () => {
  it('compiles for Postgres and Redshift too', () => {
    for (const engine of ['postgres', 'redshift'] as const) {
      expect(compileProject(project, { target: engine }).models.map((m) => m.id)).toEqual(plan.models.map((m) => m.id));
    }
  });

  it('compiles to the same JSON every time', async () => {
    expect(JSON.stringify(compileProject(await loadProject(root), { target: 'duckdb' }))).toBe(JSON.stringify(plan));
  });

  it('orders every model after the models it reads and attaches every test to the last-built model it reads', () => {
    const position = new Map(plan.models.map((model, index) => [model.id, index]));
    for (const model of plan.models) {
      for (const dependency of model.dependsOn.models) expect(position.get(dependency), `${model.id} reads ${dependency}`).toBeLessThan(position.get(model.id) ?? -1);
    }
    for (const test of plan.tests) {
      const models = test.dependsOn.models.map((id) => position.get(id) ?? -1);
      if (models.length === 0) {
        expect(test.dependsOn.sources, test.id).toContain(test.attachedTo);
        expect(test.auditSql, test.id).toBeUndefined();
      } else {
        expect(position.get(test.attachedTo), test.id).toBe(Math.max(...models));
        expect(test.auditSql, test.id).toContain('__wap');
      }
    }
  });

  it('selects everything by the project name and each layer by its tag', () => {
    const everything = selectNodes(plan, { select: ['crm'] });
    expect(everything.models).toHaveLength(plan.models.length);
    expect(everything.tests).toHaveLength(plan.tests.length);
    for (const [tag, layer] of [['staging', 'staging'], ['dimension', 'dimensions'], ['fact', 'facts']] as const) {
      const models = selectNodes(plan, { select: [`tag:${tag}`] }).models;
      expect(models.length, tag).toBeGreaterThan(0);
      // Seeds are built with the first layer but carry their own tag, seed.
      expect(models).toEqual(plan.models.filter((model) => model.layer === layer && model.resourceType === undefined).map((model) => model.id));
    }
  });

  it('writes a plan that reads back unchanged', async () => {
    await writePlan(plan, target);
    expect(readPlan(join(target, 'manifest.json'))).toEqual(JSON.parse(JSON.stringify(plan)));
  });
});
