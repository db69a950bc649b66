-- SCD type 2 integrity of dim_accounts_history and dim_contacts_history: the versions of a record follow
-- each other without overlap or gap (the next one starts exactly when the previous one ends), except after
-- a deletion, where a restore starts later; only the last version may be open, and version numbers run
-- 1, 2, 3, ... Returns each version that breaks this, with the one after it.

with

versions as (

    select 'account' as entity, account_id as record_id, version_number, valid_from, valid_to, ended_by_deletion
    from {{ ref('dim_accounts_history') }}

    union all

    select 'contact' as entity, contact_id as record_id, version_number, valid_from, valid_to, ended_by_deletion
    from {{ ref('dim_contacts_history') }}

),

paired as (

    select
        versions.*,
        lead(valid_from) over (
            partition by entity, record_id
            order by valid_from
        ) as next_valid_from,
        lead(version_number) over (
            partition by entity, record_id
            order by valid_from
        ) as next_version_number,
        row_number() over (
            partition by entity, record_id
            order by valid_from
        ) as position

    from versions

)

select *
from paired
where version_number <> position
    or (next_valid_from is not null and next_version_number <> version_number + 1)
    or (next_valid_from is not null and valid_to is null)
    or (next_valid_from is not null and not ended_by_deletion and next_valid_from <> valid_to)
    or (next_valid_from is not null and ended_by_deletion and next_valid_from <= valid_to)
