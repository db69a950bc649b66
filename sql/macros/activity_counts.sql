{#
  The activity counts of mart_sales_activity and of the engagement marts (through the activity-metrics
  models), for the select list of an aggregate over fact_activities rows (columns activity_type,
  is_completed, is_overdue): all activities, one count per activity type, the completed and the overdue
  ones. `counted` is the condition a row must meet to be
  counted ('true' for all): the activity-metrics models count only the activities dated by the run date
  in the same pass that reads the later ones. The activity types are accepted_values of
  stg_crm_activities.activity_type; a new type needs its count here.
#}
{% macro activity_counts(counted) %}sum(case when {{ counted }} then 1 else 0 end) as activity_count,
        sum(case when {{ counted }} and activity_type = 'call' then 1 else 0 end) as call_count,
        sum(case when {{ counted }} and activity_type = 'email' then 1 else 0 end) as email_count,
        sum(case when {{ counted }} and activity_type = 'meeting' then 1 else 0 end) as meeting_count,
        sum(case when {{ counted }} and activity_type = 'note' then 1 else 0 end) as note_count,
        sum(case when {{ counted }} and activity_type = 'task' then 1 else 0 end) as task_count,
        sum(case when {{ counted }} and is_completed then 1 else 0 end) as completed_activity_count,
        sum(case when {{ counted }} and is_overdue then 1 else 0 end) as overdue_activity_count{% endmacro %}
