{#
  How a landed account or contact is cleaned: once, for the staging view (its latest version) and
  for the history table (every version), so that a history row and the staging row it ends in
  always agree. Emits the column list for a `select` over the raw table's columns.
#}
{% macro cleaned_account_columns() %}
        ----------  ids
        account_id,
        owner_id,

        ---------- strings
        nullif(trim(account_name), '') as account_name,
        lower(nullif(trim(industry), '')) as industry,
        lower(nullif(trim(account_type), '')) as account_type,
        nullif(trim(country), '') as country,
        nullif(trim(city), '') as city,

        ---------- numerics
        cast(annual_revenue as decimal(18,2)) as annual_revenue,
        cast(employee_count as integer) as employee_count,

        ---------- timestamps
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at
{%- endmacro %}

{% macro cleaned_contact_columns() %}
        ----------  ids
        contact_id,
        account_id,

        ---------- strings
        nullif(trim(first_name), '') as first_name,
        nullif(trim(last_name), '') as last_name,
        nullif(
            trim(coalesce(trim(first_name), '') || ' ' || coalesce(trim(last_name), '')),
            ''
        ) as full_name,
        lower(nullif(trim(email), '')) as email,
        nullif(trim(phone), '') as phone,
        nullif(trim(job_title), '') as job_title,

        ---------- timestamps
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at
{%- endmacro %}
