/**
 * `--target` through the CLI: a target of profiles.yml binds the engine, the schema prefix and the
 * connection settings the command line leaves out; an engine name still works; anything else exits 2.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { withNamedTarget } from '../../lib/cli/named-target.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { runCli } from './cli-harness.ts';

const work = mkdtempSync(join(tmpdir(), 'crm-named-targets-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

const planAt = (targetPath: string): Plan => JSON.parse(readFileSync(join(targetPath, 'manifest.json'), 'utf8')) as Plan;

describe('--target', () => {
  it("plans --target dev for Redshift in the developer's own schemas, ci in ci_ schemas, duckdb in production's", async () => {
    vi.stubEnv('USER', 'alice');
    const plans: Record<string, Plan> = {};
    for (const target of ['duckdb', 'dev', 'ci']) {
      const targetPath = join(work, target);
      // ls compiles and writes the plan as compile does, without compile's Redshift lint.
      const listed = await runCli(['ls', '--target', target, '--target-path', targetPath]);
      expect(listed.code, listed.err).toBe(0);
      plans[target] = planAt(targetPath);
    }
    const { duckdb: production, dev, ci } = plans as Record<'duckdb' | 'dev' | 'ci', Plan>;
    expect([production.target, dev.target, ci.target]).toEqual(['duckdb', 'redshift', 'duckdb']);
    expect([...new Set(production.models.map((model) => model.relation.schema))]).toEqual(expect.arrayContaining(['staging', 'analytics', 'marts']));
    const schemas = (plan: Plan) => plan.models.map((model) => `${model.id} ${model.relation.schema}`);
    expect(schemas(dev)).toEqual(production.models.map((model) => `${model.id} alice_${model.relation.schema}`));
    expect(schemas(ci)).toEqual(production.models.map((model) => `${model.id} ci_${model.relation.schema}`));
  });

  it('exits 2 naming an unknown target, and a dev target whose ${USER} is not set', async () => {
    const unknown = await runCli(['compile', '--target', 'prd', '--target-path', join(work, 'x')]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--target: 'prd' is neither a target of profiles\.yml \(dev, ci, prod\) nor an engine .*; did you mean 'prod'\?/);
    vi.stubEnv('USER', '');
    const noUser = await runCli(['compile', '--target', 'dev', '--target-path', join(work, 'y')]);
    expect(noUser.code).toBe(2);
    expect(noUser.err).toMatch(/profiles\.yml: targets\.dev\.schema_prefix: environment variable USER is not set/);
  });

  it("fills the connection settings the command line leaves out from the target; given ones win", async () => {
    vi.stubEnv('USER', 'bob');
    expect(await withNamedTarget({ target: 'dev', workgroup: 'other-wg', region: undefined })).toEqual({
      target: 'redshift',
      targetName: 'dev',
      schemaPrefix: 'bob_',
      workgroup: 'other-wg',
      databaseName: 'warehouse',
    });
    expect(await withNamedTarget({ port: 1 })).toEqual({ port: 1 });
  });
});
