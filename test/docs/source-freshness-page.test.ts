/**
 * A source page shows its freshness settings and the latest `source freshness` result
 * (audit.source_freshness, read through the run history), and says so when a table is not checked.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunHistory } from '../../lib/docs/run-history.ts';
import { writeDocsSite } from '../../lib/docs/write-docs-site.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { docsPlan } from './docs-plan-fixture.ts';

let outDir: string;

beforeEach(() => {
  outDir = mkdtempSync(join(tmpdir(), 'crm-docs-freshness-'));
});

afterEach(() => rmSync(outDir, { recursive: true, force: true }));

function planWithFreshness(): Plan {
  const plan = docsPlan();
  return {
    ...plan,
    sources: plan.sources.map((source) => ({
      ...source,
      freshness: { loadedAtField: '_ingest_date', warnAfter: { count: 1, period: 'day' as const }, errorAfter: { count: 2, period: 'day' as const } },
    })),
  };
}

function history(): RunHistory {
  return {
    checks: new Map(),
    modelRuns: new Map(),
    columnTypes: new Map(),
    freshness: new Map([
      [
        'source.crm.deals',
        {
          sourceId: 'source.crm.deals',
          status: 'warn',
          loadedAtField: '_ingest_date',
          maxLoadedAt: '2026-11-22T00:00:00.000Z',
          snapshottedAt: '2026-11-25T00:00:00.000Z',
          ageSeconds: 259_200,
          warnAfter: '1 day',
          errorAfter: '2 days',
          message: 'newest _ingest_date 2026-11-22T00:00:00.000Z is 72 h old, more than <warn_after> 1 day',
          checkedAt: '2026-11-25T03:00:00.000Z',
          runId: 'run-7',
        },
      ],
    ]),
  };
}

const sourcePage = (): string => readFileSync(join(outDir, 'sources/crm.deals.html'), 'utf8');

describe('the freshness panel of a source page', () => {
  it('shows the thresholds and the latest check, escaped', async () => {
    await writeDocsSite({ plan: planWithFreshness(), outDir, warehouse: { state: 'read', location: 'w.duckdb', history: history() }, generatedAt: new Date('2026-11-25T08:00:00Z') });
    const panel = /<section class="panel" id="freshness">[\s\S]*?<\/section>/.exec(sourcePage())?.[0] ?? '';
    expect(panel).toContain('Newest <code>_ingest_date</code>: warn after 1 day, error after 2 days.');
    expect(panel).toContain('<span class="badge status-warn">warn</span>');
    expect(panel).toContain('<dd>2026-11-22T00:00:00.000Z</dd>');
    expect(panel).toContain('<dd>72.0 h</dd>');
    expect(panel).toContain('2026-11-25T00:00:00.000Z (end of the run date)');
    expect(panel).toContain('<code>run-7</code>');
    expect(panel).toContain('more than &lt;warn_after&gt; 1 day');
  });

  it('invites a check when none has run, and says when a table has no freshness', async () => {
    await writeDocsSite({ plan: planWithFreshness(), outDir, warehouse: { state: 'absent', location: 'w.duckdb' }, generatedAt: new Date('2026-11-25T08:00:00Z') });
    expect(sourcePage()).toMatch(/<span class="badge status-none">not run yet<\/span> Run <code>crm-warehouse source freshness<\/code>/);
    await writeDocsSite({ plan: docsPlan(), outDir, warehouse: { state: 'read', location: 'w.duckdb', history: history() }, generatedAt: new Date('2026-11-25T08:00:00Z') });
    expect(sourcePage()).toContain('Not checked: no <code>freshness</code> for this table in sources.yml.');
  });
});
