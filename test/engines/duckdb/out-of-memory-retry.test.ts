import { describe, expect, it, vi } from 'vitest';
import { retryAloneWhenOutOfMemory } from '../../../lib/engines/duckdb/out-of-memory-retry.ts';

const outOfMemory = (): Error => new Error('DuckDB statement failed: create table x\nOut of Memory Error: failed to pin block of size 256.0 KiB');

describe('retryAloneWhenOutOfMemory', () => {
  it('returns what the first run gives, without running alone', async () => {
    const alone = vi.fn(async () => 2);
    await expect(retryAloneWhenOutOfMemory(async () => 1, alone)).resolves.toBe(1);
    expect(alone).not.toHaveBeenCalled();
  });

  it('passes any other error on without running again', async () => {
    const alone = vi.fn(async () => 2);
    await expect(retryAloneWhenOutOfMemory(async () => Promise.reject(new Error('Catalog Error: no table x')), alone)).rejects.toThrow('Catalog Error: no table x');
    expect(alone).not.toHaveBeenCalled();
  });

  it('runs alone once after running out of memory beside others, says so first, and gives that result', async () => {
    const said: string[] = [];
    const alone = vi.fn(async () => {
      said.push('alone');
      return 2;
    });
    await expect(retryAloneWhenOutOfMemory(async () => Promise.reject(outOfMemory()), alone, () => said.push('retrying'))).resolves.toBe(2);
    expect(said).toEqual(['retrying', 'alone']);
  });

  it('says nothing when the first run succeeds or fails otherwise', async () => {
    const onRetry = vi.fn();
    await retryAloneWhenOutOfMemory(async () => 1, async () => 2, onRetry);
    await retryAloneWhenOutOfMemory(async () => Promise.reject(new Error('Catalog Error')), async () => 2, onRetry).catch(() => undefined);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('says it also ran out alone, with DuckDB\'s error, when the retry does too', async () => {
    const failure = retryAloneWhenOutOfMemory(
      async () => Promise.reject(outOfMemory()),
      async () => Promise.reject(outOfMemory()),
    );
    await expect(failure).rejects.toThrow(/Out of Memory Error: failed to pin block[\s\S]*then again alone: it needs more than the limit/);
  });

  it('passes on another error of the retry as it is', async () => {
    await expect(retryAloneWhenOutOfMemory(async () => Promise.reject(outOfMemory()), async () => Promise.reject(new Error('IO Error: disk full')))).rejects.toThrow(/^IO Error: disk full$/);
  });
});
