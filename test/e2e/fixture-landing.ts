/**
 * The hand-made landing folder the fixture site is built from, at the run date its hand-checked
 * build test uses (test/models/fixture-build.test.ts), so that test's fact rows are the stepping
 * stone from the CSV files to the KPI values expected in fixture-kpis.ts.
 */
import { resolve } from 'node:path';

export const FIXTURE_LANDING = resolve(import.meta.dirname, '..', 'fixtures', 'crm-landing');

export const FIXTURE_RUN_DATE = '2026-03-10';
