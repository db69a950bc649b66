import { describe, expect, it } from 'vitest';
import { MUTATION_OPERATORS } from '../../lib/mutation/mutation-operators.ts';
import { aggregate } from '../../lib/mutation/operators/aggregate.ts';
import { booleanConnective } from '../../lib/mutation/operators/boolean-connective.ts';
import { caseBranch } from '../../lib/mutation/operators/case-branch.ts';
import { comparison } from '../../lib/mutation/operators/comparison.ts';
import { distinct } from '../../lib/mutation/operators/distinct.ts';
import { joinKind } from '../../lib/mutation/operators/join-kind.ts';
import { nullCheck } from '../../lib/mutation/operators/null-check.ts';
import { numericConstant } from '../../lib/mutation/operators/numeric-constant.ts';
import { sortDirection } from '../../lib/mutation/operators/sort-direction.ts';
import { mutate } from './mutate.ts';

describe('comparison', () => {
  it('negates and shifts boundaries', () => {
    expect(mutate('where a < 1', comparison)).toEqual(['where a <= 1', 'where a >= 1']);
    expect(mutate('where a >= b', comparison)).toEqual(['where a > b', 'where a < b']);
    expect(mutate('on a = b', comparison)).toEqual(['on a <> b']);
    expect(mutate('where a <> b and c != d', comparison)).toEqual(['where a = b and c != d', 'where a <> b and c = d']);
  });
});

describe('aggregate', () => {
  it('swaps sum, min, max and avg, and counts nulls', () => {
    expect(mutate('select sum(a), max(b), min(c), avg(d)', aggregate)).toEqual([
      'select max(a), max(b), min(c), avg(d)',
      'select sum(a), min(b), min(c), avg(d)',
      'select sum(a), max(b), max(c), avg(d)',
      'select sum(a), max(b), min(c), sum(d)',
    ]);
    expect(mutate('select count(a), count(*), count(distinct b)', aggregate)).toEqual(['select count(*), count(*), count(distinct b)']);
  });

  it('leaves a column named like an aggregate alone', () => {
    expect(mutate('select sum, max from t', aggregate)).toEqual([]);
  });
});

describe('sort-direction', () => {
  it('reverses asc, desc and where nulls go', () => {
    expect(mutate('order by a desc nulls last, b asc', sortDirection)).toEqual([
      'order by a asc nulls last, b asc',
      'order by a desc nulls first, b asc',
      'order by a desc nulls last, b desc',
    ]);
    expect(mutate('select first, last from t', sortDirection)).toEqual([]);
  });
});

describe('distinct', () => {
  it('removes distinct, adds it to a count, and swaps union all with union', () => {
    expect(mutate('select distinct a from t', distinct)).toEqual(['select a from t']);
    expect(mutate('select count(distinct a), count(b), count(*)', distinct)).toEqual(['select count(a), count(b), count(*)', 'select count(distinct a), count(distinct b), count(*)']);
    expect(mutate('select 1 union all select 2', distinct)).toEqual(['select 1 union select 2']);
    expect(mutate('select 1 union select 2', distinct)).toEqual(['select 1 union all select 2']);
  });
});

describe('join-kind', () => {
  it('makes left joins inner and inner joins left', () => {
    expect(mutate('from a left join b on x left outer join c on y', joinKind)).toEqual([
      'from a inner join b on x left outer join c on y',
      'from a left join b on x inner join c on y',
    ]);
    expect(mutate('from a inner join b on x join c on y', joinKind)).toEqual(['from a left join b on x join c on y', 'from a inner join b on x left join c on y']);
    expect(mutate('from a cross join b full outer join c on y', joinKind)).toEqual([]);
  });
});

describe('boolean-connective', () => {
  it('swaps and with or, but never the and of a between', () => {
    expect(mutate('where a and b or c', booleanConnective)).toEqual(['where a or b or c', 'where a and b and c']);
    expect(mutate('where d between 1 and 2 and e', booleanConnective)).toEqual(['where d between 1 and 2 or e']);
    expect(mutate('where d between (1 and 2) and 3 and e', booleanConnective)).toEqual(['where d between (1 or 2) and 3 and e', 'where d between (1 and 2) and 3 or e']);
    expect(mutate('rows between 1 preceding and current row', booleanConnective)).toEqual([]);
  });
});

describe('null-check', () => {
  it('flips is null and is not null', () => {
    expect(mutate('where a is null or b is not null', nullCheck)).toEqual(['where a is not null or b is not null', 'where a is null or b is null']);
  });

  it('drops the fallback of a coalesce, keeping nested calls whole', () => {
    expect(mutate('select coalesce(f(a, b), 0) as x', nullCheck)).toEqual(['select (f(a, b)) as x']);
    expect(mutate('select coalesce(a, b, 0)', nullCheck)).toEqual(['select coalesce(a, b)']);
  });
});

describe('numeric-constant', () => {
  it('replaces n by n + 1, n - 1 and 0, keeping the decimals', () => {
    expect(mutate('select a * 100', numericConstant)).toEqual(['select a * 101', 'select a * 99', 'select a * 0']);
    expect(mutate('select a * 0.01', numericConstant)).toEqual(['select a * 1.01', 'select a * (-0.99)', 'select a * 0.00']);
  });

  it('never writes a comment by accident', () => {
    expect(mutate('select a -0', numericConstant)).toEqual(['select a -1', 'select a -(-1)']);
  });

  it('leaves type parameters and positional group/order by alone', () => {
    expect(mutate('select cast(a as decimal(18,2)), b::varchar(3) from t group by 1, 2 order by 1', numericConstant)).toEqual([]);
  });
});

describe('case-branch', () => {
  it('swaps neighbouring results (else included) and removes a when while another remains', () => {
    expect(mutate("case when a then 'x' when b then 'y' else 'z' end", caseBranch)).toEqual([
      "case  when b then 'y' else 'z' end",
      "case when a then 'y' when b then 'x' else 'z' end",
      "case when a then 'x'  else 'z' end",
      "case when a then 'x' when b then 'z' else 'y' end",
    ]);
  });

  it('keeps a lone when (case else … end is not SQL) and handles nested cases and parentheses', () => {
    expect(mutate('case when a then 1 else 0 end', caseBranch)).toEqual(['case when a then 0 else 1 end']);
    expect(mutate('case when a then (case when b then 1 else 2 end) else 3 end', caseBranch)).toEqual([
      'case when a then 3 else (case when b then 1 else 2 end) end',
      'case when a then (case when b then 2 else 1 end) else 3 end',
    ]);
  });

  it('does not swap equal results', () => {
    expect(mutate('case when a then 1 when b then 1 end', caseBranch)).toEqual(['case  when b then 1 end', 'case when a then 1  end']);
  });
});

describe('every operator', () => {
  it('never touches comments, string literals or template tags', () => {
    const sql = [
      "-- where a < 1 and b is null, sum(x) desc left join 100",
      "/* case when a then 1 when b then 2 end distinct */",
      "select 'a < 1 and sum(x) or 2 desc', {{ var('min_amount') }}, {% if is_incremental() %}{% endif %}",
      "{# count(distinct x) and 3 #} {{ datediff('a', 'b', 'day') }}",
    ].join('\n');
    for (const operator of MUTATION_OPERATORS) expect(mutate(sql, operator), operator.name).toEqual([]);
  });

  it('mutates around a template tag without breaking it', () => {
    expect(mutate("where amount >= {{ var('min_amount') }} and d < '{{ var(\"run_date\") }}'", comparison)).toEqual([
      `where amount > {{ var('min_amount') }} and d < '{{ var("run_date") }}'`,
      `where amount < {{ var('min_amount') }} and d < '{{ var("run_date") }}'`,
      `where amount >= {{ var('min_amount') }} and d <= '{{ var("run_date") }}'`,
      `where amount >= {{ var('min_amount') }} and d >= '{{ var("run_date") }}'`,
    ]);
  });
});
