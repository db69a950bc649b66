-- Accounts: the latest extracted version of each account, deletions removed, names cleaned.

with

{{ latest_versions('accounts', 'account_id') }},

renamed as (

    select
{{ cleaned_account_columns() }}

    from source

    where coalesce(is_deleted, false) = false

)

select * from renamed
