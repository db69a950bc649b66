/**
 * Where a build's statement time goes, by what each statement is for, from its text as the engine
 * reports it (DuckDbEngine.onStatement). The seconds are summed over the engine's connections, so
 * their total exceeds the wall clock when statements overlap.
 */
export const STATEMENT_KINDS = ['load', 'model', 'test', 'publish', 'transaction', 'bookkeeping'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

export const STATEMENT_KIND_MEANING: Readonly<Record<StatementKind, string>> = {
  load: 'every statement of the load phase: the landing files into raw.* (CSV reads, inserts, replaced days, load records)',
  model: 'building a model under its staged name: create table/view as (a view with tests as its snapshot table), an increment and its merge into the staged copy',
  test: "a data test's failing rows counted (alone, or with the other tests of its relation in one query) and sampled when it fails",
  publish: 'swapping staged relations into place and keeping view snapshots: renames and drops',
  transaction: 'begin and commit (a commit writes the WAL)',
  bookkeeping: 'relation lookups, row counts of published tables, audit rows, incremental state',
};

const RULES: readonly [StatementKind, RegExp][] = [
  ['transaction', /^(begin|commit|rollback)\b/],
  ['test', /^select (count\(\*\) as failures|\* from \()|^select [\s\S]*? as failures_0\b/],
  ['bookkeeping', /^(insert into audit\.|select |create schema |create table if not exists audit\.)/],
  ['publish', /^(alter |drop )/],
  ['model', /^(create |insert into |delete from |merge into |update )/],
];

export function statementKind(sql: string): StatementKind {
  const text = sql.trimStart().toLowerCase();
  for (const [kind, pattern] of RULES) if (pattern.test(text)) return kind;
  return 'bookkeeping';
}

export class StatementSeconds {
  private readonly seconds = new Map<StatementKind, { statements: number; seconds: number }>();

  /** `phase` 'load': the statement belongs to the load, whatever it is. */
  add(sql: string, seconds: number, phase: 'load' | 'transform'): void {
    const kind = phase === 'load' ? 'load' : statementKind(sql);
    const sum = this.seconds.get(kind) ?? { statements: 0, seconds: 0 };
    this.seconds.set(kind, { statements: sum.statements + 1, seconds: sum.seconds + seconds });
  }

  byKind(): Record<StatementKind, { statements: number; seconds: number }> {
    return Object.fromEntries(
      STATEMENT_KINDS.map((kind) => {
        const sum = this.seconds.get(kind) ?? { statements: 0, seconds: 0 };
        return [kind, { statements: sum.statements, seconds: Number(sum.seconds.toFixed(3)) }];
      }),
    ) as Record<StatementKind, { statements: number; seconds: number }>;
  }
}
