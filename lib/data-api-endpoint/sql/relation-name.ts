import { sqlString } from '../../sql/literals.ts';
import { RedshiftSqlError } from './redshift-sql-error.ts';
import { identifierValue, type Token } from './sql-tokens.ts';
import { isPunctuation, nextSignificant } from './token-navigation.ts';

/** A relation as a statement names it: the schema is absent when the search path decides. */
export interface RelationName {
  readonly schema?: string;
  readonly name: string;
}

/** Reads `name` or `schema.name` starting at the significant token `start`; `end` is the index after it. */
export function readRelationName(tokens: readonly Token[], start: number): { name: RelationName; end: number } {
  const first = tokens[start];
  if (first === undefined) throw new RedshiftSqlError('expected a relation name');
  const dot = nextSignificant(tokens, start + 1);
  if (isPunctuation(tokens[dot], '.')) {
    const second = nextSignificant(tokens, dot + 1);
    const nameToken = tokens[second];
    if (nameToken === undefined) throw new RedshiftSqlError('expected a relation name after "."');
    return { name: { schema: identifierValue(first), name: identifierValue(nameToken) }, end: second + 1 };
  }
  return { name: { name: identifierValue(first) }, end: start + 1 };
}

export function quoteIdentifier(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

export function relationSql(relation: RelationName): string {
  const name = quoteIdentifier(relation.name);
  return relation.schema === undefined ? name : `${quoteIdentifier(relation.schema)}.${name}`;
}

/** `to_regclass('…')`: the relation's oid, or null when it does not exist (never an error). */
export function regclassSql(relation: RelationName): string {
  return `to_regclass(${sqlString(relationSql(relation))})`;
}
