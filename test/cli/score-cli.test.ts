import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.ts';

// The real project built from the hand-checked fixture landing: two days of history, too short to train on.
const target = mkdtempSync(join(tmpdir(), 'crm-cli-score-'));
const landing = fileURLToPath(new URL('../fixtures/crm-landing', import.meta.url));
const common = ['--target-path', target, '--vars', '{run_date: 2026-03-10}'];

afterAll(() => rmSync(target, { recursive: true, force: true }));

describe('crm-warehouse score', () => {
  it('exits 1 saying why when the history is too short to backtest', async () => {
    const built = await runCli(['build', ...common, '--landing', landing]);
    expect(built.code, built.out).toBe(0);
    const scored = await runCli(['score', ...common]);
    expect(scored.code).toBe(1);
    expect(scored.err).toMatch(/^Scoring not possible yet: churn backtest: \d labelled snapshot dates?; need more than the 3 it scores$/m);
  }, 120_000);

  it('fails naming the relation when the features were never built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'crm-cli-score-empty-'));
    try {
      const scored = await runCli(['score', '--target-path', empty]);
      expect(scored.code).toBe(1);
      expect(scored.err).toContain('mart_account_labels');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 120_000);
});
