/**
 * The AppFlow relay against a mocked S3 (aws-sdk-client-mock): each flow output object is copied to
 * the landing key `land --from` would give an export of its object, on the day it was written in the
 * pipeline's time zone; objects no flow of ours wrote are refused naming them; the handler reads
 * its routes from the environment.
 */
import { CopyObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_FILE } from '../../lib/sources/export-landing.ts';
import { AppFlowRelayError, flowOutputObjects, relayFlowOutputs, relayTarget, type RelaySettings } from '../../lib/sources/appflow-relay.ts';
import { DAY_FOLDER, EXTRACT_FILE } from '../../lib/landing/landing-layout.ts';

const s3Mock = mockClient(S3Client);

const SETTINGS: RelaySettings = {
  outputPrefix: 'appflow/',
  landingRoot: '',
  timeZone: 'Europe/Berlin',
  routes: {
    'CrmWarehouse-salesforce_account': { table: 'salesforce_account', fileStem: 'Account' },
    'CrmWarehouse-salesforce_opportunity_history': { table: 'salesforce_opportunity_history', fileStem: 'OpportunityHistory' },
  },
};

function s3Event(key: string, eventTime: string, size = 1234): unknown {
  return { Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', eventTime, s3: { bucket: { name: 'landing' }, object: { key, size } } }] };
}

beforeEach(() => {
  s3Mock.reset();
  s3Mock.on(CopyObjectCommand).resolves({});
});

afterEach(() => {
  delete process.env.OUTPUT_PREFIX;
  delete process.env.LANDING_ROOT_PREFIX;
  delete process.env.TIME_ZONE;
  delete process.env.FLOW_ROUTES;
});

describe('the landing key of a flow output object', () => {
  const object = { bucket: 'landing', key: 'appflow/CrmWarehouse-salesforce_account/2026/11/24/7f3e1c2a-0b1d-4c5e-9f8a-1b2c3d4e5f60/part-0001', size: 10, eventTime: '2026-11-24T01:05:03.123Z' };

  it('is the flow table\'s day folder and a file named as an export part of its object', () => {
    const target = relayTarget(object, SETTINGS);
    expect(target).toMatch(/^raw\/salesforce_account\/ingest_date=2026-11-24\/Account-20261124010503123\d{6}\.csv$/);
    const [, , day, file] = target.split('/');
    expect(day).toMatch(DAY_FOLDER);
    expect(file).toMatch(EXTRACT_FILE);
    expect(EXPORT_FILE.exec(file as string)?.[1]).toBe('Account');
  });

  it('takes the day in the pipeline\'s time zone: 23:30 UTC is the next day in Berlin', () => {
    expect(relayTarget({ ...object, eventTime: '2026-11-24T23:30:00Z' }, SETTINGS)).toMatch(/ingest_date=2026-11-25\//);
    expect(relayTarget({ ...object, eventTime: '2026-11-24T23:30:00Z' }, { ...SETTINGS, timeZone: 'UTC' })).toMatch(/ingest_date=2026-11-24\//);
  });

  it('sorts a later write after an earlier one, and gives two files of one run different names', () => {
    const earlier = relayTarget(object, SETTINGS);
    const later = relayTarget({ ...object, eventTime: '2026-11-24T01:05:03.124Z' }, SETTINGS);
    const sibling = relayTarget({ ...object, key: object.key.replace('part-0001', 'part-0002') }, SETTINGS);
    expect([later, earlier].sort()).toEqual([earlier, later]);
    expect(sibling).not.toBe(earlier);
    expect(relayTarget(object, SETTINGS)).toBe(earlier);
  });

  it('keeps a landing prefix below the bucket root', () => {
    expect(relayTarget(object, { ...SETTINGS, landingRoot: 'crm/' })).toMatch(/^crm\/raw\/salesforce_account\/ingest_date=2026-11-24\//);
  });

  it('refuses an object of an unknown flow, naming the object and the known flows', () => {
    const stray = { ...object, key: 'appflow/someone-elses-flow/2026/11/24/x/part-0001' };
    expect(() => relayTarget(stray, SETTINGS)).toThrow(AppFlowRelayError);
    expect(() => relayTarget(stray, SETTINGS)).toThrow(
      "s3://landing/appflow/someone-elses-flow/2026/11/24/x/part-0001: written by flow 'someone-elses-flow', which is none of this stack's AppFlow flows (CrmWarehouse-salesforce_account, CrmWarehouse-salesforce_opportunity_history)",
    );
  });

  it('refuses an object outside the output prefix and an event time that is no time', () => {
    expect(() => relayTarget({ ...object, key: 'raw/accounts/x.csv' }, SETTINGS)).toThrow("s3://landing/raw/accounts/x.csv: not under the flows' output prefix appflow/");
    expect(() => relayTarget({ ...object, eventTime: 'yesterday' }, SETTINGS)).toThrow("event time 'yesterday' is not a time");
  });
});

describe('relaying', () => {
  it('copies each object to its landing key with the source key encoded', async () => {
    const key = 'appflow/CrmWarehouse-salesforce_opportunity_history/2026/11/24/run 1/part-0001';
    const objects = flowOutputObjects(s3Event(encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'), '2026-11-24T01:10:00.000Z'));
    expect(objects[0]?.key).toBe(key);
    const result = await relayFlowOutputs(new S3Client({}), objects, SETTINGS);
    const copies = s3Mock.commandCalls(CopyObjectCommand).map((call) => call.args[0].input);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({
      Bucket: 'landing',
      CopySource: 'landing/appflow/CrmWarehouse-salesforce_opportunity_history/2026/11/24/run%201/part-0001',
      ContentType: 'text/csv',
    });
    expect(copies[0]?.Key).toMatch(/^raw\/salesforce_opportunity_history\/ingest_date=2026-11-24\/OpportunityHistory-\d{23}\.csv$/);
    expect(result.relayed).toEqual([{ source: `s3://landing/${key}`, target: `s3://landing/${copies[0]?.Key}` }]);
  });

  it('passes over an empty object, which the loader would refuse whole', async () => {
    const result = await relayFlowOutputs(new S3Client({}), flowOutputObjects(s3Event('appflow/CrmWarehouse-salesforce_account/x/part-0001', '2026-11-24T01:00:00Z', 0)), SETTINGS);
    expect(s3Mock.commandCalls(CopyObjectCommand)).toHaveLength(0);
    expect(result.skipped).toEqual(['s3://landing/appflow/CrmWarehouse-salesforce_account/x/part-0001: empty (0 bytes)']);
  });

  it('copies the relayable objects of an event before failing on the stray one', async () => {
    const event = {
      Records: [
        ...(s3Event('appflow/unknown-flow/x/part-0001', '2026-11-24T01:00:00Z') as { Records: unknown[] }).Records,
        ...(s3Event('appflow/CrmWarehouse-salesforce_account/x/part-0001', '2026-11-24T01:00:00Z') as { Records: unknown[] }).Records,
      ],
    };
    await expect(relayFlowOutputs(new S3Client({}), flowOutputObjects(event), SETTINGS)).rejects.toThrow(/unknown-flow\/x\/part-0001: written by flow 'unknown-flow'/);
    expect(s3Mock.commandCalls(CopyObjectCommand)).toHaveLength(1);
  });

  it('refuses an event that is no S3 notification, saying what is missing', () => {
    expect(() => flowOutputObjects({ Records: [{ eventTime: '2026-11-24T01:00:00Z' }] })).toThrow(
      'the event is not an S3 event notification: Records[0] has no s3.bucket.name, s3.object.key',
    );
    expect(() => flowOutputObjects({ detail: {} })).toThrow('the event is not an S3 event notification: it has no Records list');
  });
});

describe('the relay Lambda', () => {
  it('reads its routes from the environment and copies', async () => {
    Object.assign(process.env, {
      OUTPUT_PREFIX: 'appflow/',
      LANDING_ROOT_PREFIX: '-',
      TIME_ZONE: 'UTC',
      FLOW_ROUTES: JSON.stringify(SETTINGS.routes),
    });
    const { handler } = await import('../../lambdas/appflow-relay.ts');
    await handler(s3Event('appflow/CrmWarehouse-salesforce_account/x/part-0001', '2026-11-24T01:00:00Z'));
    expect(s3Mock.commandCalls(CopyObjectCommand)[0]?.args[0].input.Key).toMatch(/^raw\/salesforce_account\/ingest_date=2026-11-24\/Account-/);
  });

  it('names the environment variables it lacks', async () => {
    const { handler } = await import('../../lambdas/appflow-relay.ts');
    await expect(handler(s3Event('appflow/CrmWarehouse-salesforce_account/x/part-0001', '2026-11-24T01:00:00Z'))).rejects.toThrow(
      'the relay Lambda is missing environment variables: OUTPUT_PREFIX, LANDING_ROOT_PREFIX, TIME_ZONE, FLOW_ROUTES (the CDK app sets them)',
    );
  });
});
