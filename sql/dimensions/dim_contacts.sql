-- Contacts (SCD type 1: current state only), with seniority derived from the job title and the account name.
-- seniority_level: words are matched in the lower-cased title with punctuation turned into spaces,
-- checked in this order: Unknown (no title), VP, C-Level, Director, Manager, else Individual Contributor.
--
-- Incremental, unique_key contact_id: an increment rebuilds the contacts landed since the last build and the
-- contacts of the accounts landed since (a renamed or deleted account changes their account_name). Nothing
-- here reads the run date. A contact whose latest version is now a deletion has no increment row to replace
-- its old one: the post_hook in schema.yml deletes it, as staging's does.

with

contacts as (

    select * from {{ ref('stg_crm_contacts') }}
{% if is_incremental() %}
    where contact_id in ({{ landed_keys('contacts', 'contact_id') }})
        or account_id in ({{ landed_keys('accounts', 'account_id') }})
{% endif %}

),

accounts as (

    select * from {{ ref('stg_crm_accounts') }}

),

titled as (

    select
        *,
        ' ' || replace(replace(replace(replace(replace(replace(
            lower(coalesce(job_title, '')),
            ',', ' '), '/', ' '), '-', ' '), '.', ' '), '&', ' '), '(', ' ')
        || ' ' as title_words

    from contacts

),

classified as (

    select
        *,
        case
            when trim(title_words) = '' then 'Unknown'
            when title_words like '% vice president %'
                or title_words like '% vp %'
                or title_words like '% svp %'
                or title_words like '% evp %'
                or title_words like '% avp %'
                then 'VP'
            when title_words like '% chief %'
                or title_words like '% ceo %'
                or title_words like '% cfo %'
                or title_words like '% cto %'
                or title_words like '% coo %'
                or title_words like '% cmo %'
                or title_words like '% cio %'
                or title_words like '% ciso %'
                or title_words like '% cro %'
                or title_words like '% cpo %'
                or title_words like '% president %'
                or title_words like '% founder %'
                or title_words like '% cofounder %'
                then 'C-Level'
            when title_words like '% director %'
                or title_words like '% head of %'
                then 'Director'
            when title_words like '% manager %'
                or title_words like '% mgr %'
                or title_words like '% supervisor %'
                or title_words like '% lead %'
                then 'Manager'
            else 'Individual Contributor'
        end as seniority_level

    from titled

),

final as (

    select

        ----------  ids
        classified.contact_id,
        classified.account_id,

        ---------- strings
        classified.first_name,
        classified.last_name,
        classified.full_name,
        classified.email,
        classified.phone,
        classified.job_title,
        classified.seniority_level,
        accounts.account_name,

        ---------- booleans
        case
            when classified.email like '%_@_%._%' and classified.email not like '% %' then true
            else false
        end as has_valid_email,

        ---------- timestamps
        classified.created_at,
        classified.updated_at

    from classified

    left join accounts
        on classified.account_id = accounts.account_id

)

select * from final
