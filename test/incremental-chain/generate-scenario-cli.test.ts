/** `crm-warehouse generate --scenario incremental-chain`: what it writes and prints, and every way to call it wrongly. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readChainManifest } from '../../lib/generate/chain-replay.ts';
import { runCli } from '../cli/cli-harness.ts';

const workDir = mkdtempSync(join(tmpdir(), 'crm-chain-cli-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('generate --scenario incremental-chain', () => {
  it('writes the chain folder and prints each day with its events and how to replay it', async () => {
    const out = join(workDir, 'chain');
    const outcome = await runCli(['generate', '--scenario', 'incremental-chain', '--days', '10', '--scale', '0.01', '--out', out]);
    expect(outcome.err).toBe('');
    expect(outcome.code).toBe(0);
    const manifest = await readChainManifest(out);
    expect(manifest.days).toHaveLength(10);
    expect(existsSync(join(out, 'day-10', manifest.days[9]!.files[0]!.path))).toBe(true);
    expect(outcome.out).toContain('day-03  run_date 2026-11-17   8 files');
    expect(outcome.out).toContain('orders: no file for 2026-11-17; its rows arrive with 2026-11-18');
    expect(outcome.out).toMatch(/accounts: ACC-\d+ deleted \(is_deleted version at 2026-11-21T09:00:00Z\)/);
    expect(outcome.out).toMatch(/deals: 2026-11-18 re-landed without a version of DEA-\d+ and with DEA-\d+ changed/);
    expect(outcome.out).toMatch(/orders: ORD-\d+ last changed 2026-11-16, a late version \(updated_at 2026-11-16T/);
    expect(outcome.out).toMatch(/deal_stage_changes: DSC-\d+ of DEA-\d+, at 2026-11-16T\S+ on 2026-11-16, extracted only now/);
    expect(outcome.out).toMatch(/activities: ACT-\d+'s version of \S+Z extracted again, after its newer one of \S+Z/);
    expect(outcome.out).toMatch(/deals: DEA-\d+ deleted at 2026-11-21T\S+Z, extracted live again \(updated_at 2026-11-21T\S+Z\)/);
    expect(outcome.out).toContain(`cp -R ${relative(process.cwd(), out)}/day-01/. data/landing/ && npx crm-warehouse build --vars '{run_date: 2026-11-15}'`);
  });

  it.each([
    [['--scenario', 'nightly', '--out', 'x'], "--scenario takes incremental-chain, got 'nightly'"],
    [['--scenario', 'incremental-chain', '--days', '10'], '--scenario incremental-chain writes one folder per day, not a landing: pass --out <chain folder>'],
    [['--scenario', 'incremental-chain', '--out', 'x'], '--scenario incremental-chain needs --days 10 or more, got 3'],
    [['--scenario', 'incremental-chain', '--days', '10', '--out', 'x', '--format', 'hubspot'], '--scenario writes the generic landing contract; leave out --format'],
  ])('refuses %j', async (args, message) => {
    const outcome = await runCli(['generate', '--scale', '0.01', ...args]);
    expect(outcome.code).toBe(2);
    expect(outcome.err).toContain(message);
    expect(existsSync(join(process.cwd(), 'x'))).toBe(false);
  });
});
