-- Contacts (SCD type 1: current state only), with seniority derived from the job title and the account name.
-- seniority_level: words are matched in the lower-cased title with punctuation turned into spaces,
-- checked in this order: Unknown (no title), VP, C-Level, Director, Manager, else Individual Contributor.

with

contacts as (

    select * from {{ ref('stg_crm_contacts') }}

),

accounts as (

    select * from {{ ref('stg_crm_accounts') }}

),

-- Seniority is decided once per distinct title rather than once per contact (titles repeat across contacts); a contact
-- without a title gets the classification of the empty title.
titles as (

    select distinct coalesce(job_title, '') as title

    from contacts

),

titled as (

    select
        title,
        ' ' || replace(replace(replace(replace(replace(replace(
            lower(title),
            ',', ' '), '/', ' '), '-', ' '), '.', ' '), '&', ' '), '(', ' ')
        || ' ' as title_words

    from titles

),

classified as (

    select
        title,
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
        contacts.contact_id,
        contacts.account_id,

        ---------- strings
        contacts.first_name,
        contacts.last_name,
        contacts.full_name,
        contacts.email,
        contacts.phone,
        contacts.job_title,
        classified.seniority_level,
        accounts.account_name,

        ---------- booleans
        case
            when contacts.email like '%_@_%._%' and contacts.email not like '% %' then true
            else false
        end as has_valid_email,

        ---------- timestamps
        contacts.created_at,
        contacts.updated_at

    from contacts

    inner join classified
        on coalesce(contacts.job_title, '') = classified.title

    left join accounts
        on contacts.account_id = accounts.account_id

)

select * from final
