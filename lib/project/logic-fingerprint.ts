/**
 * An incremental model's logic fingerprint (PlanModel.logicFingerprint): what would make an increment
 * computed today disagree with rows computed by an earlier build, so that such a build is made whole
 * instead of merged into a silently mixed table (lib/publish/incremental-state.ts).
 *
 * It is computed here, at compile time, because only the compiler can render a model as for another
 * run date: the run date is rendered into the SQL as text and changes every day, which must not force
 * a rebuild, while every other var, a macro's body or a model's SQL must. So each model is rendered a
 * second time with run_date set to FINGERPRINT_RUN_DATE (render is a function of the project and the
 * vars), and the fingerprint hashes that rendering, not the real one. Searching the real SQL for the
 * run date's text instead would also blank a hard-coded date that happens to equal it.
 *
 * A model's rows also follow the logic of the models it reads (a staging view's new filter changes
 * the fact's rows as much as the fact's own SQL), so the fingerprint covers them too, recursively.
 */
import { createHash } from 'node:crypto';
import type { PlanModel } from '../plan/plan.ts';

/** The run date every model is rendered with for its fingerprint: any fixed calendar date would do. */
export const FINGERPRINT_RUN_DATE = '0001-01-01';

/** The vars a fingerprint's rendering uses: run_date, when the project has it, fixed. */
export function fingerprintVars(vars: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  return Object.hasOwn(vars, 'run_date') ? { ...vars, run_date: FINGERPRINT_RUN_DATE } : vars;
}

/**
 * The models with logicFingerprint set on the incremental ones. `renderedForFingerprint` gives a model
 * compiled with fingerprintVars (the same model when the vars have no run_date).
 */
export function withLogicFingerprints(models: readonly PlanModel[], renderedForFingerprint: (model: PlanModel) => PlanModel): PlanModel[] {
  const byId = new Map(models.map((model) => [model.id, model]));
  const logic = new Map<string, string>();
  const logicOf = (model: PlanModel): string => {
    const known = logic.get(model.id);
    if (known !== undefined) return known;
    const rendered = renderedForFingerprint(model);
    const upstream = model.dependsOn.models.map((id) => {
      const parent = byId.get(id);
      return [id, parent === undefined ? null : logicOf(parent)];
    });
    const shape = {
      sql: rendered.sql,
      incrementalSql: rendered.incrementalSql ?? null,
      uniqueKey: rendered.config.uniqueKey ?? null,
      incrementalStrategy: rendered.config.incrementalStrategy ?? 'delete+insert',
      postHook: rendered.config.postHook ?? [],
      upstream,
    };
    const hash = createHash('sha256').update(JSON.stringify(shape)).digest('hex');
    logic.set(model.id, hash);
    return hash;
  };
  return models.map((model) => (model.config.materialized === 'incremental' ? { ...model, logicFingerprint: logicOf(model) } : model));
}
