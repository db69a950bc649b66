import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../../lib/data-api-endpoint/sql/split-statements.ts';
import { joinTokens } from '../../../lib/data-api-endpoint/sql/sql-tokens.ts';

describe('splitStatements', () => {
  it('splits at semicolons outside literals and drops empty statements', () => {
    const statements = splitStatements(`select ';'; ; -- only a comment\n; insert into t values (1);`);
    expect(statements.map((tokens) => joinTokens(tokens).trim())).toEqual([`select ';'`, 'insert into t values (1)']);
  });
});
