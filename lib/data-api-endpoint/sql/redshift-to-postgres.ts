/**
 * # How the local Data API endpoint maps Redshift SQL onto Postgres
 *
 * The endpoint executes on PGlite (Postgres 18). Redshift descends from Postgres, so most SQL runs
 * unchanged; the Redshift-only syntax our Redshift engine emits is rewritten statement by statement
 * (by a lexer, never inside string literals or comments) as follows.
 *
 * | Redshift | Postgres | Notes |
 * |---|---|---|
 * | `DISTSTYLE EVEN\|KEY\|ALL\|AUTO` | dropped | distribution only |
 * | `DISTKEY(col)`, column `DISTKEY` | dropped | distribution only |
 * | `[COMPOUND\|INTERLEAVED] SORTKEY(cols)`, `SORTKEY AUTO`, column `SORTKEY` | dropped | storage order only |
 * | `ENCODE codec` (column), `ENCODE AUTO` (table) | dropped | compression only |
 * | `BACKUP YES\|NO`, `AUTO REFRESH YES\|NO` | dropped | snapshots / MV refresh only |
 * | `CREATE VIEW … WITH NO SCHEMA BINDING` | `CREATE VIEW …` + emulated late binding | see below; Postgres views are early-binding |
 * | `COPY t [(cols)] FROM 's3://bucket/prefix' … FORMAT CSV …` | files under `<s3Root>/bucket/`, loaded with the column types | see below |
 * | `pg_last_copy_id()` | function in schema `redshift_system` | query id of the last COPY in this Data API call or session, -1 if none |
 * | `sys_load_error_detail` | table `redshift_system.sys_load_error_detail` | SYS_LOAD_ERROR_DETAIL's columns; rows survive a rollback, as on Redshift |
 * | `svv_tables`, `svv_columns` | views over `information_schema.tables` / `.columns` | `svv_columns` lists late-binding views' columns, as Redshift's does |
 * | `information_schema.columns` | `redshift_system.information_schema_columns` | without the late-binding views, which Redshift's leaves out (information-schema-columns.ts); the rest of `information_schema` and `pg_catalog` work as they are |
 * | `getdate()` | `redshift_system.getdate()` | start of the current statement, `timestamp` in UTC |
 * | `sysdate` | `localtimestamp` | start of the current transaction, `timestamp` in UTC |
 * | `datediff(part, a, b)` | `redshift_system.datediff('part', a, b)` | date part boundaries crossed, weeks start on Sunday, as Redshift |
 * | `dateadd(part, n, t)` | `redshift_system.dateadd('part', n, t)` | returns `timestamp` |
 * | `date_part(day, t)` / `datepart(day, t)` | `date_part('day', t)` | date part keywords and abbreviations (`yr`, `mon`, `d`, `dow`, …) become Postgres names |
 * | `avg(x)` | `redshift_system.avg(x)` | Redshift's return types: BIGINT, truncated, for integers; the argument's scale, truncated, for decimals; double precision for floats |
 * | `listagg([distinct] x, ',') within group (order by y)` | `string_agg([distinct] cast(x as varchar), ',' order by y)` | not the window form |
 * | `varchar(max)`, `nvarchar`, `nchar` | `varchar(65535)`, `varchar`, `char` | |
 * | bare `varchar` / `character varying` / `nvarchar`, bare `bpchar` | `varchar(256)`, `char(256)` | Redshift's defaults; Postgres' are unbounded. Lengths count bytes, as on Redshift, in COPY and in the columns of CREATE TABLE (postgres/byte-length-checks.ts); CAST and CREATE TABLE AS count characters |
 * | `VACUUM …`, `ANALYZE COMPRESSION …` | not run (the statement finishes, no rows) | maintenance only |
 * | `TRUNCATE t` | `TRUNCATE t`, then `COMMIT` and a new transaction | Redshift's TRUNCATE commits the transaction it runs in; so does the endpoint |
 * | `'…\…'` (a backslash in a plain literal) | `E'…\…'` | Redshift reads backslash escapes in plain literals (`'it\'s'`, `'\\'`), Postgres only in E'' literals; see backslash-strings.ts |
 * | `:name` placeholders (`Parameters`) | untyped literals `'value'`, backslashes doubled | Redshift types a parameter from its context; Postgres does the same for an untyped literal |
 * | `MERGE` | `MERGE`, checked first | refused as Redshift refuses it: a target alias, a subquery source, a conditional WHEN, clauses other than one WHEN MATCHED then one WHEN NOT MATCHED (merge-statement.ts) |
 * | `UNLOAD`, other COPY formats and options | statement FAILS naming the feature | not emulated |
 *
 * **Late-binding views.** Postgres views are early-binding: a view records the relations it reads by
 * identity when created, so dropping a table it reads fails, and renaming one makes the view follow
 * it under its new name. Redshift's `WITH NO SCHEMA BINDING` views are resolved by name at query
 * time. The endpoint records each such view's definition (`redshift_system.late_binding_views`, in
 * the database, so a rolled-back batch rolls it back too); before a DROP or ALTER of a relation it
 * drops the late-binding views that read it (directly or through other views), and after every DDL
 * statement it recreates each recorded view whose relations exist again. A swap
 * `ALTER TABLE t RENAME TO t_old; ALTER TABLE t__new RENAME TO t; DROP TABLE t_old` therefore
 * leaves the views reading the new `t`, as on Redshift. A late-binding view may be created before
 * the relations it reads, and `CREATE OR REPLACE` may change its columns. While a relation it reads
 * is missing, the view does not exist in Postgres: a query of it fails with "relation … does not
 * exist" naming the view, where Redshift names the missing relation. Views without the clause stay
 * early-binding, as Redshift's schema-bound views are.
 *
 * **COPY.** `s3://bucket/prefix` loads every file under `<s3Root>/bucket/` whose key (its relative
 * path, `/`-separated) starts with `prefix`, in key order, as S3 prefix matching does. Supported
 * options: `IAM_ROLE default|'arn'`, `CREDENTIALS`, `REGION` (accepted, unused), `FORMAT [AS] CSV
 * [QUOTE 'c']` or `CSV`, `DELIMITER 'c'`, `IGNOREHEADER n`, `GZIP` (every file is gunzipped, as on
 * Redshift), `DATEFORMAT`/`TIMEFORMAT 'auto'` (Postgres' own date/time input, which reads ISO 8601;
 * a zone suffix is ignored for `timestamp` columns), `EMPTYASNULL`, `BLANKSASNULL`,
 * `ACCEPTINVCHARS ['c']`, `TRUNCATECOLUMNS`, `FILLRECORD`, `NULL AS 'text'`, `MAXERROR n` (default 0,
 * at most 100000), `COMPUPDATE`, `STATUPDATE`, `ENCODING UTF8`; any other option fails the statement
 * and names the option. CSV is RFC 4180. An empty field is NULL for non-character columns; for
 * CHAR/VARCHAR it is '' unless EMPTYASNULL. CHAR/VARCHAR lengths are checked in bytes, as Redshift
 * measures them. Each rejected row becomes a `sys_load_error_detail` row (query id, file `s3://…`,
 * line, column, type, error code and message, raw line and field; codes as Redshift's load error
 * reference: 1202 extra columns, 1204 length, 1205 date, 1206 timestamp, 1207 digits, 1213 NOT NULL,
 * 1214 delimiter not found, 1220 UTF-8, and 1216 with Postgres' message for anything else). As on
 * Redshift, the COPY fails once its rejected rows reach MAXERROR (0 and 1 both fail at the first),
 * with Redshift's message "Load into table 't' failed. Check 'sys_load_error_detail' system table
 * for details."; reading stops there, the rows rejected so far stay in `sys_load_error_detail`, and
 * the failed statement rolls back its whole call (the batch), so nothing of that COPY is loaded.
 * `s3://` sources are confined to s3Root: a bucket name S3 would refuse (`..`), a `..` segment in
 * the prefix, or a bucket folder linking outside s3Root fails the statement. Postgres enforces
 * primary keys, unique and check constraints that Redshift only records: rows breaking them are
 * rejected (1216) here.
 */
import { isRedshiftCopy, parseCopyCommand, type CopyCommand } from './copy-command.ts';
import { rewriteDatepartArguments } from './datepart-arguments.ts';
import { rewriteInformationSchemaColumns } from './information-schema-columns.ts';
import { classifyDdl, type DdlStatement } from './ddl-statement.ts';
import { rewriteAvg } from './avg-rewrite.ts';
import { escapeStringLiterals } from './backslash-strings.ts';
import { rewriteListagg } from './listagg-rewrite.ts';
import { checkMergeForm } from './merge-statement.ts';
import { stripPhysicalDesign } from './physical-design-clauses.ts';
import { RedshiftSqlError } from './redshift-sql-error.ts';
import { rewriteTypeNames } from './redshift-type-names.ts';
import { isWord, joinTokens, tokenize, type Token } from './sql-tokens.ts';
import { isPunctuation, nextSignificant, previousSignificant, significantTokens } from './token-navigation.ts';

export type PostgresStatement =
  | { readonly kind: 'sql'; readonly sql: string; readonly ddl: DdlStatement }
  | { readonly kind: 'copy'; readonly copy: CopyCommand }
  | { readonly kind: 'no-op' };

/** Translates one Redshift statement (tokens of one statement, parameters already bound). */
export function translateStatement(tokens: readonly Token[]): PostgresStatement {
  const leading = significantTokens(tokens)
    .slice(0, 4)
    .map(({ token }) => (token.kind === 'word' ? token.text.toLowerCase() : token.text));
  if (leading[0] === 'vacuum' || (leading[0] === 'analyze' && leading[1] === 'compression')) return { kind: 'no-op' };
  if (leading[0] === 'unload') throw new RedshiftSqlError('UNLOAD is not emulated by the local Data API endpoint');
  if (isRedshiftCopy(tokens)) return { kind: 'copy', copy: parseCopyCommand(tokens) };
  if (leading[0] === 'merge') checkMergeForm(tokens);

  let rewritten: Token[] = [...tokens];
  let lateBinding = false;
  if (createsStoredRelation(leading)) rewritten = stripPhysicalDesign(rewritten);
  if (leading[0] === 'create') {
    const stripped = stripLateBindingClause(rewritten);
    lateBinding = stripped.found;
    rewritten = stripped.tokens;
  }
  rewritten = escapeStringLiterals(rewritten);
  rewritten = rewriteTypeNames(rewritten);
  rewritten = rewriteSysdate(rewritten);
  rewritten = rewriteInformationSchemaColumns(rewritten);
  rewritten = rewriteAvg(rewritten);
  rewritten = rewriteDatepartArguments(rewritten);
  rewritten = tokenize(joinTokens(rewriteListagg(rewritten)));
  return { kind: 'sql', sql: joinTokens(rewritten).trim(), ddl: classifyDdl(rewritten, lateBinding) };
}

const TABLE_PREFIXES = new Set(['local', 'global', 'temp', 'temporary', 'unlogged']);

function createsStoredRelation(leading: readonly string[]): boolean {
  if (leading[0] !== 'create') return false;
  const rest = leading.slice(1).filter((word) => !TABLE_PREFIXES.has(word));
  return rest[0] === 'table' || (rest[0] === 'materialized' && rest[1] === 'view');
}

/** Removes a trailing `WITH NO SCHEMA BINDING`. */
function stripLateBindingClause(tokens: Token[]): { tokens: Token[]; found: boolean } {
  const significant = significantTokens(tokens);
  const tail = significant.slice(-4);
  const words = tail.map(({ token }) => (isWord(token) ? token.text.toLowerCase() : ''));
  if (words.join(' ') !== 'with no schema binding') return { tokens, found: false };
  return { tokens: tokens.slice(0, (tail[0] as { index: number }).index), found: true };
}

/** Redshift's `sysdate` (no parentheses) is the transaction start as a plain timestamp. */
function rewriteSysdate(tokens: readonly Token[]): Token[] {
  return tokens.map((token, index) => {
    if (!isWord(token, 'sysdate')) return token;
    if (isPunctuation(tokens[previousSignificant(tokens, index)], '.')) return token;
    if (isPunctuation(tokens[nextSignificant(tokens, index + 1)], '(')) return token;
    return { kind: 'word', text: 'localtimestamp' };
  });
}
