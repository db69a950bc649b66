import { ActiveStatementsExceededException, ValidationException } from '@aws-sdk/client-redshift-data';
import { describe, expect, it } from 'vitest';
import { RetriesExhaustedError, backoffDelay, isRetryable, withRetries } from '../../../lib/engines/redshift-data/retry-policy.ts';
import type { RetryPolicy } from '../../../lib/engines/redshift-data/retry-policy.ts';
import { throttling } from './service-errors.ts';

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { slept: number[] } {
  const slept: number[] = [];
  return {
    maxAttempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    random: () => 0.5,
    sleep: async (ms) => {
      slept.push(ms);
    },
    slept,
    ...overrides,
  };
}

describe('isRetryable', () => {
  it('retries throttling, too many active statements and server faults', () => {
    expect(isRetryable(throttling())).toBe(true);
    expect(isRetryable(new ActiveStatementsExceededException({ message: 'too many', $metadata: {} }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('bad gateway'), { $metadata: { httpStatusCode: 502 } }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('internal'), { name: 'InternalServerException', $fault: 'server' }))).toBe(true);
  });

  it('retries a connection that broke or timed out', () => {
    expect(isRetryable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('timed out'), { name: 'TimeoutError' }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('no such host'), { code: 'ENOTFOUND' }))).toBe(false);
  });

  it('does not retry a request the service refused for its content', () => {
    expect(isRetryable(new ValidationException({ message: 'Cannot process query string larger than 100kB', $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isRetryable(new Error('plain'))).toBe(false);
    expect(isRetryable('a string')).toBe(false);
  });
});

describe('withRetries', () => {
  it('retries a throttled call until it succeeds', async () => {
    const retries = policy();
    let calls = 0;
    const result = await withRetries('ExecuteStatement', async () => {
      calls += 1;
      if (calls < 3) throw throttling();
      return 'ok';
    }, retries);
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(retries.slept).toEqual([50, 100]);
  });

  it('gives up after the attempt cap, naming the call and the count', async () => {
    const retries = policy({ maxAttempts: 3 });
    let calls = 0;
    const failing = withRetries('DescribeStatement', async () => {
      calls += 1;
      throw throttling();
    }, retries);
    await expect(failing).rejects.toThrow(RetriesExhaustedError);
    await expect(failing).rejects.toThrow(
      'Redshift Data API DescribeStatement was refused 3 times in a row (ThrottlingException: Rate exceeded); gave up',
    );
    expect(calls).toBe(3);
    expect(retries.slept).toHaveLength(2);
  });

  it('does not retry an error that is not about load', async () => {
    let calls = 0;
    await expect(withRetries('ExecuteStatement', async () => {
      calls += 1;
      throw new Error('syntax');
    }, policy())).rejects.toThrow('syntax');
    expect(calls).toBe(1);
  });
});

describe('backoffDelay', () => {
  it('draws a full-jitter delay below the capped exponential', () => {
    const highest = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 };
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(highest, retry))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay({ ...highest, random: () => 0 }, 6)).toBe(0);
  });
});
