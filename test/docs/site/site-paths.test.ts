import { describe, expect, it } from 'vitest';
import { columnAnchor, dashboardPage, exposurePage, linkFrom, modelPage, rootFrom, sourcePage } from '../../../lib/docs/site/site-paths.ts';

describe('site paths', () => {
  it('puts each kind of node in its folder', () => {
    expect(modelPage('fact_deals')).toBe('models/fact_deals.html');
    expect(sourcePage('crm', 'deals')).toBe('sources/crm.deals.html');
    expect(exposurePage('sales_pipeline_dashboard')).toBe('exposures/sales_pipeline_dashboard.html');
    expect(dashboardPage('sales_pipeline_dashboard')).toBe('dashboards/sales_pipeline_dashboard.html');
  });

  it('keeps a strange name to one safe path segment', () => {
    expect(modelPage('../etc/pass wd')).toBe('models/__etc_pass_wd.html');
    expect(columnAnchor('Amount (USD)')).toBe('column-Amount__USD_');
  });

  it('links pages relatively, between folders and to anchors', () => {
    expect(linkFrom('index.html', 'models/fact_deals.html')).toBe('models/fact_deals.html');
    expect(linkFrom('models/fact_deals.html', 'models/stg_crm_deals.html', 'column-amount')).toBe('stg_crm_deals.html#column-amount');
    expect(linkFrom('exposures/x.html', 'dashboards/x.html')).toBe('../dashboards/x.html');
    expect(linkFrom('models/fact_deals.html', 'index.html')).toBe('../index.html');
  });

  it('climbs to the site root', () => {
    expect(rootFrom('index.html')).toBe('');
    expect(rootFrom('models/fact_deals.html')).toBe('../');
  });
});
