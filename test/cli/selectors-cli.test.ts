/** `--selector <name>` through the CLI: the same nodes as the words it stands for; misuse exits 2. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.ts';

const target = mkdtempSync(join(tmpdir(), 'crm-selectors-cli-'));
afterAll(() => rmSync(target, { recursive: true, force: true }));
const ls = (...args: string[]) => runCli(['ls', '--target-path', target, ...args]);

describe('--selector', () => {
  it('selects what its definition would on the command line', async () => {
    const named = await ls('--selector', 'revenue_dashboard');
    const spelled = await ls('--select', '+exposure:revenue_analytics_dashboard', '--exclude', 'tag:staging');
    expect(named.code, named.err).toBe(0);
    expect(named.out).toBe(spelled.out);
    expect(named.out).toMatch(/^model\.crm\.mart_/m);
    expect(named.out).not.toMatch(/^model\.crm\.stg_/m);
  });

  it('exits 2 combined with --select, and naming an unknown selector', async () => {
    const both = await ls('--selector', 'marts_only', '--select', 'fact_deals');
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--selector names the whole selection; it cannot be combined with --select or --exclude/);
    const unknown = await ls('--selector', 'mart_only');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--selector: 'mart_only' is not a selector of selectors\.yml \(slim_ci, marts_only, revenue_dashboard\); did you mean 'marts_only'\?/);
  });
});
