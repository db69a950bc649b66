/**
 * The dbt release whose artifact formats we write (manifest v12, run-results v6, sources v3 are
 * those of dbt 1.9), reported as `dbt_version` so tools pick the right parser.
 */
export const DBT_VERSION = '1.9.0';
