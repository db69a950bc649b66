import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { describe, expect, it } from 'vitest';
import { resolveEngineOptions } from '../../../lib/engines/redshift-data/engine-options.ts';

const required = { workgroupName: 'crm', database: 'warehouse' };

describe('resolveEngineOptions', () => {
  it('fills in the documented defaults', () => {
    expect(resolveEngineOptions(required)).toMatchObject({
      ...required,
      concurrency: 4,
      pollIntervalMs: 250,
      maxPollIntervalMs: 5000,
      statementTimeoutMs: 1_800_000,
      maxAttempts: 8,
      retryBaseDelayMs: 250,
      maxRetryDelayMs: 20_000,
    });
  });

  it('keeps a default where an option is given as undefined', () => {
    expect(resolveEngineOptions({ ...required, concurrency: undefined }).concurrency).toBe(4);
  });

  it('requires a workgroup and a database', () => {
    expect(() => resolveEngineOptions({ workgroupName: ' ', database: '' })).toThrow(
      'invalid Redshift engine options:\n- workgroupName is required\n- database is required',
    );
  });

  it('refuses region or endpoint next to a given client', () => {
    expect(() => resolveEngineOptions({ ...required, client: new RedshiftDataClient({}), endpoint: 'http://localhost:1' })).toThrow(
      'region and endpoint configure the client the engine builds; with a client given, set them on that client',
    );
  });

  it('refuses a concurrency or attempt count that is not a whole number of 1 or more', () => {
    expect(() => resolveEngineOptions({ ...required, concurrency: 0, maxAttempts: 1.5 })).toThrow(
      'invalid Redshift engine options:\n- concurrency must be a whole number of 1 or more, got 0\n- maxAttempts must be a whole number of 1 or more, got 1.5',
    );
  });

  it('refuses intervals and timeouts that are not positive', () => {
    expect(() => resolveEngineOptions({ ...required, pollIntervalMs: 0, statementTimeoutMs: -1, retryBaseDelayMs: Number.NaN })).toThrow(
      /- pollIntervalMs must be more than 0 milliseconds, got 0\n- statementTimeoutMs must be more than 0 milliseconds, got -1\n- retryBaseDelayMs must be more than 0 milliseconds, got NaN/,
    );
  });

  it('refuses a cap below its starting value', () => {
    expect(() => resolveEngineOptions({ ...required, pollIntervalMs: 500, maxPollIntervalMs: 100, retryBaseDelayMs: 300, maxRetryDelayMs: 200 })).toThrow(
      'invalid Redshift engine options:\n- maxPollIntervalMs (100) must not be less than pollIntervalMs (500)\n- maxRetryDelayMs (200) must not be less than retryBaseDelayMs (300)',
    );
  });
});
