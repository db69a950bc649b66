import { describe, expect, it } from 'vitest';
import { bundledProjectJson, parseBundledProject } from '../../lib/pipeline/bundled-project.ts';
import { compileRunPlan } from '../../lib/pipeline/run-plan.ts';
import { crmProject } from './step-fixture.ts';

describe('the bundled project', () => {
  it('compiles to the same plan after the trip through project.json, macros included', async () => {
    const project = await crmProject();
    expect(project.macros?.size ?? 0).toBeGreaterThan(0);
    const bundled = parseBundledProject(bundledProjectJson(project));
    expect(bundled.root).toBe('.');
    expect(bundled.macros).toBeInstanceOf(Map);
    expect(compileRunPlan(bundled, '2026-11-24', []).checksum).toBe(compileRunPlan(project, '2026-11-24', []).checksum);
  });

  it('keeps an object that only looks like a tagged Map when it has other keys', () => {
    const project = { ...(JSON.parse('{}') as object), vars: { $map: [['a', 1]], other: true } } as never;
    expect((parseBundledProject(bundledProjectJson(project)) as unknown as { vars: unknown }).vars).toEqual({ $map: [['a', 1]], other: true });
  });
});
