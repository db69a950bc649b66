/**
 * Scalar and set-returning functions from "Unsupported PostgreSQL functions". Aggregates, array
 * functions and clock functions from the same page have rules of their own (aggregate-rules.ts,
 * array-rules.ts, clock-rules.ts), so each finding carries advice that fits it.
 */
import { callConstruct, findBannedCalls, type BannedCall } from '../banned-calls.ts';
import type { LintRule } from '../lint-rule.ts';

export const noGenerateSeries: LintRule = {
  id: 'redshift/no-generate-series',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-functions.html',
  description: 'GENERATE_SERIES and GENERATE_SUBSCRIPTS (set-returning functions)',
  check: (input) =>
    findBannedCalls(input, (name) => {
      if (name !== 'generate_series' && name !== 'generate_subscripts') return undefined;
      const construct = callConstruct(name);
      return {
        construct,
        message: `${construct} is not supported by Redshift; cross-join a small CTE of digits instead`,
      };
    }),
};

/** Function → what the Redshift reference files it under, for the message. */
const UNSUPPORTED_FUNCTIONS = new Map<string, string>([
  ...under('date/time functions', ['justify_days', 'justify_hours', 'justify_interval', 'pg_sleep']),
  ...under('mathematical functions', ['div', 'setseed', 'width_bucket']),
  ...under('string functions', [
    'bit_length',
    'overlay',
    'convert',
    'convert_from',
    'convert_to',
    'encode',
    'format',
    'quote_nullable',
    'regexp_matches',
    'regexp_split_to_array',
    'regexp_split_to_table',
  ]),
  ...under('system information functions', [
    'current_query',
    'inet_client_addr',
    'inet_client_port',
    'inet_server_addr',
    'inet_server_port',
    'pg_conf_load_time',
    'pg_is_other_temp_schema',
    'pg_listening_channels',
    'pg_my_temp_schema',
    'pg_postmaster_start_time',
    'pg_trigger_depth',
  ]),
  ...under('sequence manipulation functions', ['nextval', 'currval', 'setval', 'lastval']),
  ...under('text search functions', ['to_tsvector', 'to_tsquery', 'plainto_tsquery', 'phraseto_tsquery', 'websearch_to_tsquery', 'ts_rank', 'ts_rank_cd', 'ts_headline']),
  ...under('XML functions', ['xmlelement', 'xmlforest', 'xmlconcat', 'xmlparse', 'xmlserialize', 'xmlroot', 'xpath', 'xpath_exists', 'xml_is_well_formed']),
]);

function under(family: string, names: readonly string[]): [string, string][] {
  return names.map((name) => [name, family]);
}

function bannedFunction(name: string): BannedCall | undefined {
  const family = UNSUPPORTED_FUNCTIONS.get(name);
  if (family === undefined) return undefined;
  const construct = callConstruct(name);
  return { construct, message: `${construct} is not supported by Redshift (PostgreSQL ${family})` };
}

export const unsupportedFunction: LintRule = {
  id: 'redshift/unsupported-function',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-functions.html',
  description: `PostgreSQL functions Redshift lacks: ${[...UNSUPPORTED_FUNCTIONS.keys()].join(', ')}`,
  check: (input) => findBannedCalls(input, bannedFunction),
};
