/**
 * The `appflow` setting: off unless given, defaults applied, every mistake reported at once with
 * its path, and a schedule that would not finish before the pipeline's daily run refused.
 */
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_APPFLOW_SCHEDULE, parseAppFlowSettings, scheduleOrderProblem } from '../../lib/infra/appflow-settings.ts';
import { configFromContext, resolveConfig } from '../../lib/infra/crm-warehouse-config.ts';
import { problemsOf } from './props-problems-of.ts';

describe('the appflow setting', () => {
  it('is off by default', () => {
    expect(resolveConfig({}).appflow).toBeUndefined();
  });

  it('takes a source and a connection name, with a daily schedule before the pipeline\'s by default', () => {
    expect(resolveConfig({ appflow: { source: 'salesforce', connectorProfileName: 'acme-salesforce' } }).appflow).toEqual({
      source: 'salesforce',
      connectorProfileName: 'acme-salesforce',
      scheduleExpression: DEFAULT_APPFLOW_SCHEDULE,
    });
  });

  it('reads the cdk.json object and a -c JSON string', () => {
    const fromObject = new App({ context: { 'crm-warehouse': { appflow: { source: 'hubspot', connectorProfileName: 'hs', tables: ['hubspot_deals'] } } } });
    expect(configFromContext(fromObject.node).appflow).toMatchObject({ source: 'hubspot', tables: ['hubspot_deals'] });
    const fromFlag = new App({ context: { 'crm-warehouse:appflow': '{"source":"salesforce","connectorProfileName":"sf","firstExecutionFrom":"2026-01-01"}' } });
    expect(configFromContext(fromFlag.node).appflow).toMatchObject({ source: 'salesforce', firstExecutionFrom: '2026-01-01' });
  });

  it('reports every mistake at once, each with its path and value', () => {
    expect(
      problemsOf(() =>
        resolveConfig({
          appflow: {
            source: 'pipedrive' as never,
            connectorProfileName: 'has spaces',
            scheduleExpression: 'daily',
            tables: [],
            firstExecutionFrom: '2026-02-30',
            entityNames: { salesforce_account: 'Account' },
            colour: 'blue',
          } as never,
        }),
      ),
    ).toEqual([
      'appflow.source: must be one of salesforce, hubspot (got "pipedrive")',
      'appflow.connectorProfileName: must be an AppFlow connection name: 1-256 letters, digits or _/!@#+=.- (got "has spaces")',
      'appflow.scheduleExpression: must be a cron(...) expression or an AppFlow rate such as rate(1days) (got "daily")',
      'appflow.tables: must name at least one table, or be left out for all (got [])',
      'appflow.firstExecutionFrom: must be a YYYY-MM-DD date (got "2026-02-30")',
      expect.stringMatching(/^appflow: Unrecognized key: "colour"/),
    ]);
  });

  it('refuses entity names for Salesforce, whose objects have API names', () => {
    expect(problemsOf(() => resolveConfig({ appflow: { source: 'salesforce', connectorProfileName: 'sf', entityNames: { salesforce_account: 'Acct' } } }))).toEqual([
      'appflow.entityNames: applies to HubSpot only (Salesforce objects are named by their API names) (got {"salesforce_account":"Acct"})',
    ]);
  });

  it('names a missing connection and a value that is no object', () => {
    expect(parseAppFlowSettings({ source: 'salesforce' }).problems).toEqual([
      'appflow.connectorProfileName: must be the name of the AppFlow connection you created in the console',
    ]);
    expect(parseAppFlowSettings('salesforce').problems).toEqual(['appflow must be an object (got "salesforce", which is not JSON)']);
  });

  it('takes AppFlow\'s rates, written without a space in plural units', () => {
    expect(parseAppFlowSettings({ source: 'salesforce', connectorProfileName: 'sf', scheduleExpression: 'rate(6hours)' }).problems).toEqual([]);
    expect(parseAppFlowSettings({ source: 'salesforce', connectorProfileName: 'sf', scheduleExpression: 'rate(1 day)' }).problems).toEqual([
      'appflow.scheduleExpression: must be a cron(...) expression or an AppFlow rate such as rate(1days) (got "rate(1 day)")',
    ]);
  });

  it('must run at least half an hour before the pipeline when both are daily', () => {
    expect(scheduleOrderProblem('cron(0 2 * * ? *)', 'cron(0 3 * * ? *)')).toBeUndefined();
    expect(scheduleOrderProblem('cron(30 2 * * ? *)', 'cron(0 3 * * ? *)')).toBeUndefined();
    expect(scheduleOrderProblem('cron(45 2 * * ? *)', 'cron(0 3 * * ? *)')).toMatch(/must run at least 30 minutes before the pipeline's scheduleExpression \(cron\(0 3 \* \* \? \*\)\)/);
    expect(scheduleOrderProblem('cron(0 4 * * ? *)', 'cron(0 3 * * ? *)')).toBeDefined();
    // Not both daily at a fixed time: nothing to compare.
    expect(scheduleOrderProblem('rate(6hours)', 'cron(0 3 * * ? *)')).toBeUndefined();
    expect(problemsOf(() => resolveConfig({ scheduleExpression: 'cron(0 1 * * ? *)', appflow: { source: 'salesforce', connectorProfileName: 'sf' } }))).toEqual([
      expect.stringMatching(/^appflow\.scheduleExpression \(cron\(0 2 \* \* \? \*\)\) must run at least 30 minutes before/),
    ]);
  });
});
