import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetName } from '../../lib/plan/plan.ts';
import { bindMacroCall, renderMacro, type Datepart, type MacroCall } from '../../lib/project/macros.ts';

function datediff(first: string, second: string, datepart: Datepart): MacroCall {
  return { name: 'datediff', firstDate: first, secondDate: second, datepart };
}
function dateadd(datepart: Datepart, interval: string, from: string): MacroCall {
  return { name: 'dateadd', datepart, interval, fromDate: from };
}
function dateTrunc(datepart: Datepart, date: string): MacroCall {
  return { name: 'date_trunc', datepart, date };
}
function safeDivide(numerator: string, denominator: string): MacroCall {
  return { name: 'safe_divide', numerator, denominator };
}

describe('rendered SQL per target', () => {
  it('datediff: Redshift native, DuckDB date_diff on timestamps, Postgres from truncation', () => {
    const call = datediff('created_at', 'closed_at', 'day');
    expect(renderMacro(call, 'redshift')).toBe('datediff(day, created_at, closed_at)');
    expect(renderMacro(call, 'duckdb')).toBe(
      "date_diff('day', cast(created_at as timestamp), cast(closed_at as timestamp))",
    );
    expect(renderMacro(call, 'postgres')).toBe(
      'cast(cast(cast(closed_at as timestamp) as date) - cast(cast(created_at as timestamp) as date) as bigint)',
    );
  });

  it('datediff: Postgres month and hour', () => {
    expect(renderMacro(datediff('a', 'b', 'month'), 'postgres')).toBe(
      'cast((extract(year from cast(b as timestamp)) - extract(year from cast(a as timestamp))) * 12 + ' +
        '(extract(month from cast(b as timestamp)) - extract(month from cast(a as timestamp))) as bigint)',
    );
    expect(renderMacro(datediff('a', 'b', 'hour'), 'postgres')).toBe(
      "cast(extract(epoch from date_trunc('hour', cast(b as timestamp)) - date_trunc('hour', cast(a as timestamp))) / 3600 as bigint)",
    );
  });

  it('datediff week: Sunday boundaries from the day difference on DuckDB and Postgres, native on Redshift', () => {
    const week =
      'cast(((cast(cast(b as timestamp) as date) - cast(cast(a as timestamp) as date)) - ' +
      '(extract(dow from cast(b as timestamp)) - extract(dow from cast(a as timestamp)))) / 7 as bigint)';
    expect(renderMacro(datediff('a', 'b', 'week'), 'duckdb')).toBe(week);
    expect(renderMacro(datediff('a', 'b', 'week'), 'postgres')).toBe(week);
    expect(renderMacro(datediff('a', 'b', 'week'), 'redshift')).toBe('datediff(week, a, b)');
  });

  it('dateadd: Redshift native, interval arithmetic elsewhere, quarters as three months', () => {
    expect(renderMacro(dateadd('day', 'n + 1', 'created_at'), 'redshift')).toBe('dateadd(day, n + 1, created_at)');
    for (const target of ['duckdb', 'postgres'] as const) {
      expect(renderMacro(dateadd('day', 'n + 1', 'created_at'), target)).toBe(
        "(cast(created_at as timestamp) + (n + 1) * interval '1 day')",
      );
      expect(renderMacro(dateadd('quarter', '2', 'd'), target)).toBe("(cast(d as timestamp) + (2) * interval '3 month')");
    }
  });

  it('date_trunc and safe_divide read the same on every target', () => {
    for (const target of ['duckdb', 'postgres', 'redshift'] as const) {
      expect(renderMacro(dateTrunc('month', 'ordered_at'), target)).toBe(
        "date_trunc('month', cast(ordered_at as timestamp))",
      );
      expect(renderMacro(safeDivide('won', 'total'), target)).toBe(
        '(cast(won as double precision) / nullif(cast(total as double precision), 0))',
      );
    }
  });
});

describe('bindMacroCall', () => {
  it('binds positional and keyword arguments, trims expressions and accepts numbers and upper-case dateparts', () => {
    expect(bindMacroCall('dateadd', ['DAY', 7], [['from_date_or_timestamp', ' created_at ']])).toEqual({
      ok: true,
      call: { name: 'dateadd', datepart: 'day', interval: '7', fromDate: 'created_at' },
    });
  });

  it('reports an unknown datepart separately from wrong arguments', () => {
    expect(bindMacroCall('date_trunc', ['days', 'x'], [])).toEqual({ ok: false, problem: 'datepart', datepart: 'days' });
  });
});

/**
 * The DuckDB renderings run in DuckDB; the Postgres renderings happen to be valid DuckDB SQL too, so
 * they run there as well. Expected values are Redshift's (boundaries crossed, weeks from Sunday).
 */
describe('executed in DuckDB', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });

  async function evaluate(expressions: readonly string[]): Promise<unknown[]> {
    const columns = expressions.map((expression, index) => `${expression} as c${index}`).join(',\n');
    const reader = await connection.runAndReadAll(`select ${columns}`);
    const [row] = reader.getRowObjectsJson();
    return expressions.map((_, index) => row?.[`c${index}`]);
  }

  const ts = (text: string): string => `timestamp '${text}'`;

  const datediffCases: [string, string, Datepart, number][] = [
    [ts('2024-01-01 23:59:00'), ts('2024-01-02 00:01:00'), 'day', 1],
    [ts('2024-01-02 00:01:00'), ts('2024-01-01 23:59:00'), 'day', -1],
    [ts('2024-01-01 00:00:00'), ts('2024-01-01 23:59:59'), 'day', 0],
    ["date '2024-02-28'", "date '2024-03-01'", 'day', 2],
    [ts('2026-01-03 12:00:00'), ts('2026-01-04 00:00:00'), 'week', 1],
    [ts('2026-01-04 00:00:00'), ts('2026-01-03 12:00:00'), 'week', -1],
    [ts('2026-01-04 00:00:00'), ts('2026-01-10 23:59:00'), 'week', 0],
    [ts('2026-01-03 00:00:00'), ts('2026-01-06 00:00:00'), 'week', 1],
    [ts('2026-01-05 00:00:00'), ts('2026-01-11 00:00:00'), 'week', 1],
    [ts('2019-12-31 00:00:00'), ts('2019-12-27 00:00:00'), 'week', -1],
    [ts('2019-12-31 00:00:00'), ts('2020-01-06 02:00:00'), 'week', 1],
    [ts('2026-01-01 00:00:00'), ts('2026-03-01 00:00:00'), 'week', 9],
    [ts('2024-01-31 23:59:00'), ts('2024-02-01 00:00:00'), 'month', 1],
    [ts('2024-01-01 00:00:00'), ts('2024-01-31 23:59:00'), 'month', 0],
    [ts('2024-03-15 00:00:00'), ts('2023-12-31 00:00:00'), 'month', -3],
    [ts('2024-03-31 23:59:00'), ts('2024-04-01 00:00:00'), 'quarter', 1],
    [ts('2023-11-15 00:00:00'), ts('2024-02-01 00:00:00'), 'quarter', 1],
    [ts('2024-12-31 00:00:00'), ts('2024-01-01 00:00:00'), 'quarter', -3],
    [ts('2024-12-31 23:59:59'), ts('2025-01-01 00:00:00'), 'year', 1],
    [ts('2025-06-01 00:00:00'), ts('2024-01-01 00:00:00'), 'year', -1],
    [ts('2024-01-01 00:59:00'), ts('2024-01-01 01:00:00'), 'hour', 1],
    [ts('2024-01-01 01:00:00'), ts('2024-01-01 01:59:59'), 'hour', 0],
    [ts('2024-01-01 23:30:00'), ts('2024-01-02 00:10:00'), 'hour', 1],
    [ts('2024-01-02 00:10:00'), ts('2024-01-01 23:30:00'), 'hour', -1],
    [ts('2024-01-01 00:00:59'), ts('2024-01-01 00:01:00'), 'minute', 1],
    [ts('2024-01-01 01:00:00'), ts('2024-01-01 02:01:00'), 'minute', 61],
    [ts('2024-01-01 00:00:00.999'), ts('2024-01-01 00:00:01.001'), 'second', 1],
    [ts('2024-01-01 01:00:00'), ts('2024-01-01 02:00:01'), 'second', 3601],
    [ts('2024-01-01 00:00:01.001'), ts('2024-01-01 00:00:00.999'), 'second', -1],
  ];

  it.each(['duckdb', 'postgres'] as const)('datediff on %s counts boundaries crossed', async (target: TargetName) => {
    const values = await evaluate(datediffCases.map(([first, second, part]) => renderMacro(datediff(first, second, part), target)));
    expect(values.map(Number)).toEqual(datediffCases.map(([, , , expected]) => expected));
  });

  it.each(['duckdb', 'postgres'] as const)('datediff on %s is null when either side is null', async (target) => {
    const values = await evaluate([
      renderMacro(datediff('null', ts('2024-01-01 00:00:00'), 'day'), target),
      renderMacro(datediff(ts('2024-01-01 00:00:00'), 'null', 'week'), target),
    ]);
    expect(values).toEqual([null, null]);
  });

  const dateaddCases: [Datepart, string, string, string][] = [
    ['day', '1', ts('2024-01-31 10:00:00'), '2024-02-01 10:00:00'],
    ['day', '1', "date '2024-01-31'", '2024-02-01 00:00:00'],
    ['month', '1', ts('2024-01-31 00:00:00'), '2024-02-29 00:00:00'],
    ['quarter', '1', ts('2024-11-30 00:00:00'), '2025-02-28 00:00:00'],
    ['week', '-2', ts('2024-01-15 00:00:00'), '2024-01-01 00:00:00'],
    ['year', '1', ts('2024-02-29 00:00:00'), '2025-02-28 00:00:00'],
    ['hour', '25', ts('2024-01-01 00:00:00'), '2024-01-02 01:00:00'],
    ['minute', '-1', ts('2024-01-01 00:00:00'), '2023-12-31 23:59:00'],
    ['second', '1 + 89', ts('2024-01-01 00:00:00'), '2024-01-01 00:01:30'],
  ];

  it.each(['duckdb', 'postgres'] as const)('dateadd on %s', async (target) => {
    const values = await evaluate(dateaddCases.map(([part, n, from]) => renderMacro(dateadd(part, n, from), target)));
    expect(values).toEqual(dateaddCases.map(([, , , expected]) => expected));
  });

  const truncCases: [Datepart, string, string][] = [
    ['week', ts('2024-01-07 15:00:00'), '2024-01-01 00:00:00'],
    ['week', "date '2024-01-08'", '2024-01-08 00:00:00'],
    ['month', "date '2024-02-29'", '2024-02-01 00:00:00'],
    ['quarter', ts('2024-05-07 08:00:00'), '2024-04-01 00:00:00'],
    ['year', ts('2024-05-07 08:00:00'), '2024-01-01 00:00:00'],
    ['day', ts('2024-05-07 08:00:00'), '2024-05-07 00:00:00'],
    ['hour', ts('2024-05-07 08:59:59'), '2024-05-07 08:00:00'],
    ['minute', ts('2024-05-07 08:59:59'), '2024-05-07 08:59:00'],
    ['second', ts('2024-05-07 08:59:59.75'), '2024-05-07 08:59:59'],
  ];

  it.each(['duckdb', 'postgres'] as const)('date_trunc on %s returns a timestamp, weeks from Monday', async (target) => {
    const values = await evaluate(truncCases.map(([part, date]) => renderMacro(dateTrunc(part, date), target)));
    expect(values).toEqual(truncCases.map(([, , expected]) => expected));
  });

  it.each(['duckdb', 'postgres'] as const)('safe_divide on %s: no integer division, null for 0 or null', async (target) => {
    const values = await evaluate([
      renderMacro(safeDivide('7', '2'), target),
      renderMacro(safeDivide('1', '0'), target),
      renderMacro(safeDivide('1', 'null'), target),
      renderMacro(safeDivide('0', '5'), target),
      renderMacro(safeDivide('cast(1 as integer)', 'cast(3 as integer)'), target),
    ]);
    expect(values[0]).toBe(3.5);
    expect(values.slice(1, 4)).toEqual([null, null, 0]);
    expect(values[4]).toBeCloseTo(1 / 3, 12);
  });
});
