/**
 * A statement the local endpoint cannot run: malformed SQL its own parsing needs, or a Redshift
 * feature it does not emulate. The statement fails with this message, as Redshift would fail it.
 */
export class RedshiftSqlError extends Error {}
