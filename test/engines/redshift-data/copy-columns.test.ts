import { describe, expect, it } from 'vitest';
import { layoutFile, layoutObject } from '../../../lib/engines/redshift-data/copy-columns.ts';
import type { PlanSource } from '../../../lib/plan/plan.ts';

const source: PlanSource = {
  id: 'source.crm.users',
  sourceName: 'crm',
  tableName: 'users',
  relation: { schema: 'raw', name: 'users' },
  columns: [{ name: 'user_id' }, { name: 'email' }],
};

describe('layoutFile', () => {
  it('assumes the contract order without a header', () => {
    expect(layoutFile(source, undefined)).toEqual({ kind: 'copy', columns: ['user_id', 'email'] });
  });

  it('follows the header, case-insensitively, with placeholders for extra and repeated columns', () => {
    expect(layoutFile(source, ['Email', 'team', ' user_id ', 'email'])).toEqual({
      kind: 'copy',
      columns: ['email', '__extra_2', 'user_id', '__extra_4'],
    });
  });

  it('rejects a file lacking a contract column, naming it', () => {
    expect(layoutFile(source, ['user_id', 'team'])).toEqual({
      kind: 'rejected',
      column: 'email',
      rawText: 'user_id,team',
      reason: 'MISSING COLUMN: the header lacks contract column email; the file cannot be loaded',
    });
  });

  it('rejects a 0-byte object, whose missing header would otherwise be read as the contract order', () => {
    expect(layoutObject(source, { sizeBytes: 0 })).toMatchObject({ kind: 'rejected', reason: 'EMPTY FILE: 0 bytes, no header row; the file cannot be read' });
    expect(layoutObject(source, { sizeBytes: 10 })).toEqual({ kind: 'copy', columns: ['user_id', 'email'] });
  });

  it('rejects a file without a header row', () => {
    expect(layoutFile(source, [])).toMatchObject({
      kind: 'rejected',
      column: 'user_id, email',
      reason: 'EMPTY FILE: no header row (0 bytes or blank); the file cannot be read',
    });
  });
});
