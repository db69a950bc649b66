/**
 * The sites the browser tests open, built once by global-setup.ts and handed to every test file
 * through vitest's provide/inject: one from a generated landing (every chart has data), one from
 * the hand-made fixture landing (every figure can be worked out by hand).
 */
import { inject } from 'vitest';

export interface E2eSite {
  /** The target folder of the build (plan, compiled SQL, warehouse, docs). */
  readonly targetDir: string;
  /** target/docs: the docs site with the dashboards in dashboards/. */
  readonly docsDir: string;
  /** The DuckDB file the site was exported from; tests query it to check the pages' figures. */
  readonly database: string;
  /** The project's run_date, the business date of the build. */
  readonly runDate: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eSite: E2eSite;
    e2eFixtureSite: E2eSite;
  }
}

export function e2eSite(): E2eSite {
  return inject('e2eSite');
}

/** The site built from test/fixtures/crm-landing at FIXTURE_RUN_DATE. */
export function e2eFixtureSite(): E2eSite {
  return inject('e2eFixtureSite');
}
