import { describe, expect, it } from 'vitest';
import { withLeadingCtes } from '../../lib/project/leading-ctes.ts';

const GIVEN = [{ name: '__given_model__a', sql: 'select 1 as id' }];

describe('withLeadingCtes', () => {
  it('opens a WITH before a plain SELECT, after its leading comments', () => {
    expect(withLeadingCtes('-- one\n/* two */\nselect id from x', GIVEN)).toBe(
      '-- one\n/* two */\nwith\n\n__given_model__a as (\n\n    select 1 as id\n\n)\n\nselect id from x',
    );
  });

  it("joins the model's own WITH list, in any case and with RECURSIVE kept first", () => {
    expect(withLeadingCtes('WITH\n\nb as (select 2)\nselect * from b', GIVEN)).toBe(
      'WITH\n\n__given_model__a as (\n\n    select 1 as id\n\n),\n\nb as (select 2)\nselect * from b',
    );
    expect(withLeadingCtes('with recursive b as (select 2) select * from b', GIVEN)).toBe(
      'with recursive\n\n__given_model__a as (\n\n    select 1 as id\n\n),\n\nb as (select 2) select * from b',
    );
  });

  it('does not mistake a column or CTE named with_x for the keyword', () => {
    expect(withLeadingCtes('select with_tax from x', GIVEN)).toMatch(/^with\n\n__given_model__a as \(/);
    expect(withLeadingCtes('select with_tax from x', GIVEN)).toMatch(/\n\nselect with_tax from x$/);
  });

  it('leaves the SELECT alone when there is nothing to add', () => {
    expect(withLeadingCtes('select 1', [])).toBe('select 1');
  });
});
