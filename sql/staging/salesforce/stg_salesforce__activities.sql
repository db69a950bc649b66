-- Salesforce Task and Event as the crm contract's activities. A task is a call or an email by its
-- TaskSubtype, else a task; an event is a meeting. WhoId and WhatId are polymorphic: WhoId is the
-- contact only when it is a contact's id (not a lead's), WhatId the deal only when it is an
-- opportunity's (not an account's or a case's), looked up among the landed ids rather than read from
-- key prefixes, which the ids of a sandbox copy or a test fixture need not follow. A task's due date is its
-- ActivityDate, its completion CompletedDateTime; an event is due at its start and counts as completed
-- once it has ended by the run date. Deleted tasks and events leave every version out (the contract
-- has no deletion flag for activities).

with

{{ salesforce_deleted_ids('deleted_tasks', 'salesforce_task') }},

{{ salesforce_deleted_ids('deleted_events', 'salesforce_event') }},

contact_ids as (
    select distinct id
    from {{ source('salesforce', 'salesforce_contact') }}
),

opportunity_ids as (
    select distinct id
    from {{ source('salesforce', 'salesforce_opportunity') }}
)

select
    id as activity_id,
    case lower(tasksubtype)
        when 'call' then 'call'
        when 'email' then 'email'
        else 'task'
    end as activity_type,
    subject,
    accountid as account_id,
    case when whoid in (select id from contact_ids) then whoid end as contact_id,
    case when whatid in (select id from opportunity_ids) then whatid end as deal_id,
    ownerid as owner_id,
    status,
    cast(activitydate as timestamp) as due_at,
    completeddatetime as completed_at,
    cast(round(calldurationinseconds / 60.0) as integer) as duration_minutes,
    createddate as created_at,
    systemmodstamp as updated_at,
    _ingest_date,
    _source_file,
    _loaded_at

from {{ source('salesforce', 'salesforce_task') }}

where id not in (select id from deleted_tasks)

union all

select
    id as activity_id,
    'meeting' as activity_type,
    subject,
    accountid as account_id,
    case when whoid in (select id from contact_ids) then whoid end as contact_id,
    case when whatid in (select id from opportunity_ids) then whatid end as deal_id,
    ownerid as owner_id,
    cast(null as varchar(40)) as status,
    startdatetime as due_at,
    case when enddatetime <= cast('{{ var("run_date") }}' as timestamp) then enddatetime end as completed_at,
    durationinminutes as duration_minutes,
    createddate as created_at,
    systemmodstamp as updated_at,
    _ingest_date,
    _source_file,
    _loaded_at

from {{ source('salesforce', 'salesforce_event') }}

where id not in (select id from deleted_events)
