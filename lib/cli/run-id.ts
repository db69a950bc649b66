import { randomBytes } from 'node:crypto';

/** `20261125T223300Z-3f2a`: sorts by start time, unique across concurrent starts. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}
