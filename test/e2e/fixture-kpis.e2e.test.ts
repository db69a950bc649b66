/**
 * The KPI figures are right, not only consistent with their own SQL: the dashboards of the site built
 * from the hand-made fixture landing show, in every tile, the value and text worked out by hand from
 * the fixture's CSV files (fixture-kpis.ts), in a real browser from file://.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from './browser.ts';
import { openDashboard, openPage, showAccount } from './dashboard-pages.ts';
import { probeTiles, type TileProbe } from './dashboard-probes.ts';
import { e2eFixtureSite } from './e2e-site.ts';
import { FIXTURE_RUN_DATE } from './fixture-landing.ts';
import { FIXTURE_ACCOUNT_TILES, FIXTURE_DASHBOARD_KPIS, type TileExpectation } from './fixture-kpis.ts';

const site = e2eFixtureSite();
const dashboardsDir = join(site.docsDir, 'dashboards');

let browser: LaunchedBrowser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Soft assertions, so one run names every tile that is off, not only the first. */
function expectTile(tile: TileProbe, expected: TileExpectation, where: string): void {
  const label = `${where}, tile ${tile.id}`;
  if (expected.value === null) {
    expect.soft(tile.value, `${label} data-value`).toBe('');
  } else if (typeof expected.value === 'number') {
    expect.soft(tile.value, `${label} data-value`).not.toBe('');
    expect.soft(Number(tile.value), `${label} data-value`).toBeCloseTo(expected.value, 6);
  } else {
    expect.soft(tile.value, `${label} data-value`).toBe(expected.value);
  }
  expect.soft(tile.text, `${label} text`).toBe(expected.text);
  if (expected.detail === undefined) {
    expect.soft(tile.detailFormat, `${label} has no detail line`).toBeNull();
    return;
  }
  expect.soft(tile.detailFormat, `${label} has a detail line`).not.toBeNull();
  const detail = expected.detail.value;
  if (detail === null) {
    expect.soft(tile.detailValue, `${label} detail data-value`).toBe('');
  } else {
    expect.soft(tile.detailValue, `${label} detail data-value`).not.toBe('');
    expect.soft(Number(tile.detailValue), `${label} detail data-value`).toBeCloseTo(detail, 6);
  }
  expect.soft(tile.detailText, `${label} detail text`).toBe(expected.detail.text);
}

describe('dashboards of the fixture landing', () => {
  it('was built at the fixture run date', () => {
    expect(site.runDate).toBe(FIXTURE_RUN_DATE);
  });

  describe.each(FIXTURE_DASHBOARD_KPIS)('$exposure', ({ exposure, tiles }) => {
    it('shows every KPI tile with the value worked out by hand from the fixture CSVs', async () => {
      const { page, problems } = await openDashboard(browser, dashboardsDir, `${exposure}.html`);
      try {
        expect(problems).toEqual([]);
        expect(await page.locator('[data-run-date]').getAttribute('data-run-date')).toBe(FIXTURE_RUN_DATE);
        const probes = await probeTiles(page, '.kpis:not(.account-kpis)');
        expect(probes.map((tile) => tile.id)).toEqual(Object.keys(tiles));
        for (const probe of probes) expectTile(probe, tiles[probe.id] as TileExpectation, exposure);
      } finally {
        await page.close();
      }
    });
  });

  it('lists every dashboard on the index with its first three figures as worked out by hand, and the run date', async () => {
    const { page, problems } = await openPage(browser, dashboardsDir, 'index.html');
    try {
      expect(problems).toEqual([]);
      expect(await page.locator('.run-facts dd').first().textContent()).toBe('10 Mar 2026');
      const cards = await page.locator('a.index-card').evaluateAll((links) =>
        links.map((link) => {
          const card = link as unknown as { dataset: { dashboard?: string }; querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> };
          return { exposure: card.dataset.dashboard ?? '', figures: Array.from(card.querySelectorAll('.index-figures dd')).map((figure) => (figure.textContent ?? '').trim()) };
        }),
      );
      expect(cards).toEqual(
        FIXTURE_DASHBOARD_KPIS.map(({ exposure, tiles }) => ({
          exposure,
          figures: Object.values(tiles)
            .slice(0, 3)
            .map((tile) => tile.text),
        })),
      );
    } finally {
      await page.close();
    }
  });

  it('shows the Customer 360 account tiles worked out by hand, on the largest customer and on an account with nothing yet', async () => {
    const { page, problems } = await openDashboard(browser, dashboardsDir, 'customer_360_view.html');
    try {
      expect(problems).toEqual([]);
      for (const [accountId, tiles] of Object.entries(FIXTURE_ACCOUNT_TILES)) {
        // The view opens on the largest customer (A1); every other account is chosen through the URL.
        if (accountId !== 'A1') await showAccount(page, accountId);
        expect(await page.locator('.profile-id').textContent()).toMatch(new RegExp(`^${accountId}\\b`));
        const probes = await probeTiles(page, '[data-account-tiles]');
        expect(probes.map((tile) => tile.id)).toEqual(Object.keys(tiles));
        for (const probe of probes) expectTile(probe, tiles[probe.id] as TileExpectation, `account ${accountId}`);
      }
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
