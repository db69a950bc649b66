/**
 * Redshift measures CHAR and VARCHAR lengths in bytes, Postgres in characters
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html): 'éé' fits a Postgres
 * varchar(3) but not a Redshift one. An event trigger gives every character column of a table
 * created with CREATE TABLE (or given one by ALTER TABLE) a check on its byte length, and a
 * failed check is reported with the message Redshift gives for a value that is too long. Tables
 * created by CREATE TABLE AS keep Postgres' character lengths. The endpoint's own tables (schema
 * redshift_system) are left alone.
 */
import { COMPATIBILITY_SCHEMA } from './compatibility-schema.ts';

const CONSTRAINT_PREFIX = 'redshift_bytes_';

export function byteLengthCheckStatements(): string[] {
  const schema = COMPATIBILITY_SCHEMA;
  // One ALTER per table: the trigger fires again for it and must then find every check in place.
  return [
    `create or replace function ${schema}.add_byte_length_checks() returns event_trigger language plpgsql as $function$
      declare
        command record;
        additions text;
      begin
        for command in
          select distinct objid from pg_event_trigger_ddl_commands()
          where object_type = 'table' and schema_name is distinct from '${schema}'
        loop
          select string_agg(format('add constraint %I check (octet_length(%I) <= %s)',
                                   '${CONSTRAINT_PREFIX}' || a.attnum || '_' || (a.atttypmod - 4) || '_' || t.typname,
                                   a.attname, a.atttypmod - 4), ', ')
            into additions
            from pg_attribute a join pg_type t on t.oid = a.atttypid
            where a.attrelid = command.objid and a.attnum > 0 and not a.attisdropped
              and t.typname in ('varchar', 'bpchar') and a.atttypmod > 4
              and not exists (
                select 1 from pg_constraint c
                where c.conrelid = command.objid
                  and c.conname = '${CONSTRAINT_PREFIX}' || a.attnum || '_' || (a.atttypmod - 4) || '_' || t.typname
              );
          if additions is not null then
            execute format('alter table %s %s', command.objid::regclass, additions);
          end if;
        end loop;
      end
    $function$`,
    'drop event trigger if exists redshift_byte_lengths',
    `create event trigger redshift_byte_lengths on ddl_command_end when tag in ('CREATE TABLE', 'ALTER TABLE')
      execute function ${schema}.add_byte_length_checks()`,
  ];
}

const VIOLATION = new RegExp(`violates check constraint "${CONSTRAINT_PREFIX}\\d+_(\\d+)_(varchar|bpchar)"`);

/** Redshift's message for a byte-length check that failed; any other message is returned as it is. */
export function redshiftLengthMessage(postgresMessage: string): string {
  const violation = VIOLATION.exec(postgresMessage);
  if (violation === null) return postgresMessage;
  const [, length, type] = violation;
  return `value too long for type ${type === 'varchar' ? 'character varying' : 'character'}(${length})`;
}
