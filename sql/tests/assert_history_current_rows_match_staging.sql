-- SCD type 2 integrity of dim_accounts_history and dim_contacts_history: a record has one current version
-- exactly when staging keeps it (a live latest extract with an updated_at), and that version holds the
-- staged values; a deleted record has none. Two current rows, a missing one, or a current row that
-- disagrees with staging come back here.

with

current_accounts as (

    select account_id, count(*) as current_rows, max(account_name) as account_name, max(owner_id) as owner_id
    from {{ ref('dim_accounts_history') }}
    where is_current
    group by account_id

),

staged_accounts as (

    select account_id, account_name, owner_id
    from {{ ref('stg_crm_accounts') }}
    where updated_at is not null

),

current_contacts as (

    select contact_id, count(*) as current_rows, max(email) as email, max(account_id) as account_id
    from {{ ref('dim_contacts_history') }}
    where is_current
    group by contact_id

),

staged_contacts as (

    select contact_id, email, account_id
    from {{ ref('stg_crm_contacts') }}
    where updated_at is not null

),

compared as (

    select
        'account' as entity,
        coalesce(staged_accounts.account_id, current_accounts.account_id) as record_id,
        current_accounts.current_rows,
        case
            when staged_accounts.account_id is null or current_accounts.account_id is null then false
            when current_accounts.current_rows <> 1 then false
            when staged_accounts.account_name = current_accounts.account_name
                or (staged_accounts.account_name is null and current_accounts.account_name is null) then
                case
                    when staged_accounts.owner_id = current_accounts.owner_id
                        or (staged_accounts.owner_id is null and current_accounts.owner_id is null) then true
                    else false
                end
            else false
        end as matches

    from staged_accounts

    full outer join current_accounts
        on staged_accounts.account_id = current_accounts.account_id

    union all

    select
        'contact' as entity,
        coalesce(staged_contacts.contact_id, current_contacts.contact_id) as record_id,
        current_contacts.current_rows,
        case
            when staged_contacts.contact_id is null or current_contacts.contact_id is null then false
            when current_contacts.current_rows <> 1 then false
            when staged_contacts.email = current_contacts.email
                or (staged_contacts.email is null and current_contacts.email is null) then
                case
                    when staged_contacts.account_id = current_contacts.account_id
                        or (staged_contacts.account_id is null and current_contacts.account_id is null) then true
                    else false
                end
            else false
        end as matches

    from staged_contacts

    full outer join current_contacts
        on staged_contacts.contact_id = current_contacts.contact_id

)

select *
from compared
where not matches
