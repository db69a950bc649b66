import { sqlString } from '../../sql/literals.ts';
import { isWord, stringValue, type Token } from './sql-tokens.ts';
import { isPunctuation, nextSignificant, previousSignificant } from './token-navigation.ts';

/** Redshift's date part names and abbreviations, by the name the Postgres side understands. */
const DATEPART_ALIASES: Readonly<Record<string, readonly string[]>> = {
  year: ['year', 'years', 'y', 'yr', 'yrs'],
  quarter: ['quarter', 'quarters', 'qtr', 'qtrs'],
  month: ['month', 'months', 'mon', 'mons'],
  week: ['week', 'weeks', 'w'],
  day: ['day', 'days', 'd'],
  hour: ['hour', 'hours', 'h', 'hr', 'hrs'],
  minute: ['minute', 'minutes', 'm', 'min', 'mins'],
  second: ['second', 'seconds', 's', 'sec', 'secs'],
  dow: ['dayofweek', 'dow', 'dw', 'weekday'],
  doy: ['dayofyear', 'doy', 'dy', 'yearday'],
  epoch: ['epoch'],
};

const CANONICAL = new Map(
  Object.entries(DATEPART_ALIASES).flatMap(([canonical, aliases]) => aliases.map((alias) => [alias, canonical])),
);

/** Functions whose first argument is a date part, and their Postgres name. */
const DATEPART_FUNCTIONS: Readonly<Record<string, string>> = {
  datediff: 'datediff',
  dateadd: 'dateadd',
  date_part: 'date_part',
  datepart: 'date_part',
};

/**
 * Redshift writes date parts as bare keywords (`datediff(day, a, b)`) or strings, with many
 * abbreviations; Postgres needs a string with a canonical name. `datediff` and `dateadd` are
 * functions of the endpoint's compatibility schema, `date_part` is Postgres' own.
 */
export function rewriteDatepartArguments(tokens: readonly Token[]): Token[] {
  const rewritten = [...tokens];
  tokens.forEach((token, index) => {
    const postgresName = token.kind === 'word' ? DATEPART_FUNCTIONS[token.text.toLowerCase()] : undefined;
    if (postgresName === undefined || isPunctuation(tokens[previousSignificant(tokens, index)], '.')) return;
    const open = nextSignificant(tokens, index + 1);
    if (!isPunctuation(tokens[open], '(')) return;
    const part = nextSignificant(tokens, open + 1);
    const partToken = tokens[part];
    if (!isPunctuation(tokens[nextSignificant(tokens, part + 1)], ',')) return;
    const written = partToken === undefined ? undefined : datepartText(partToken);
    const canonical = written === undefined ? undefined : CANONICAL.get(written.toLowerCase());
    if (canonical === undefined) return;
    rewritten[index] = { kind: 'word', text: postgresName };
    rewritten[part] = { kind: 'string', text: sqlString(canonical) };
  });
  return rewritten;
}

function datepartText(token: Token): string | undefined {
  if (isWord(token)) return token.text;
  if (token.kind === 'string' && token.text.startsWith("'")) return stringValue(token);
  return undefined;
}
