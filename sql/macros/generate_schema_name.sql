{#
  dbt's generate_schema_name: the schema a model is built in, from its layer's schema in project.yml
  (custom_schema_name) and the target's schema_prefix in profiles.yml, which is empty for prod. So
  prod builds staging, analytics and marts, and a developer's dev target builds alice_staging,
  alice_analytics and alice_marts in the same warehouse without touching production. Sources and
  the audit schema are shared by every target.
#}
{% macro generate_schema_name(custom_schema_name, schema_prefix) %}{{ schema_prefix }}{{ custom_schema_name }}{% endmacro %}
