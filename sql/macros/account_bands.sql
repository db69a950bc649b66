{#
  The sales teams' account bands, for dim_accounts (an account now) and dim_accounts_history (an
  account at any version): account_category by employee count, revenue_segment by annual revenue,
  thresholds from the vars in sql/project.yml. Each emits one CASE over the column given.
#}
{% macro account_category(employee_count) %}case
            when {{ employee_count }} >= {{ var('account_category_enterprise_min_employees') }} then 'Enterprise'
            when {{ employee_count }} >= {{ var('account_category_mid_market_min_employees') }} then 'Mid-Market'
            when {{ employee_count }} >= 0 then 'SMB'
            else 'Unknown'
        end{% endmacro %}

{% macro revenue_segment(annual_revenue) %}case
            when {{ annual_revenue }} >= {{ var('revenue_segment_large_enterprise_min') }} then 'Large Enterprise'
            when {{ annual_revenue }} >= {{ var('revenue_segment_enterprise_min') }} then 'Enterprise'
            when {{ annual_revenue }} >= {{ var('revenue_segment_mid_market_min') }} then 'Mid-Market'
            when {{ annual_revenue }} >= {{ var('revenue_segment_small_business_min') }} then 'Small Business'
            when {{ annual_revenue }} >= 0 then 'Micro'
            else 'Unknown'
        end{% endmacro %}
