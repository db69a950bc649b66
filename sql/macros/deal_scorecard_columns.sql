{#
  The deal columns both scorecards publish, from lost deals to the open pipeline, in the scorecards' column
  order. The caller's CTE `deal_metrics` holds the sums and counts of int_deal_metrics_by_owner (one owner's
  or a team's) and its own average_won_deal_amount (decimal(18,6)): the rep scorecard averages the won deals
  with an amount, the manager scorecard divides bookings by all the team's won deals.
  Averages are sums over counts, so a team's average is over its deals, not over its reps.
#}
{% macro deal_scorecard_columns() %}cast(coalesce(deal_metrics.lost_deal_count, 0) as integer) as lost_deal_count,
        cast(coalesce(deal_metrics.lost_amount, 0) as decimal(18,2)) as lost_amount,
        cast(
            cast(
                {{ safe_divide('deal_metrics.won_deal_count', 'deal_metrics.won_deal_count + deal_metrics.lost_deal_count') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as win_rate_by_count,
        cast(
            cast(
                {{ safe_divide('deal_metrics.bookings_amount', 'deal_metrics.bookings_amount + deal_metrics.lost_amount') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as win_rate_by_amount,
        cast(deal_metrics.average_won_deal_amount as decimal(18,2)) as average_won_deal_amount,
        cast(deal_metrics.largest_won_deal_amount as decimal(18,2)) as largest_won_deal_amount,
        cast(
            cast({{ safe_divide('deal_metrics.won_sales_cycle_days_sum', 'deal_metrics.won_sales_cycle_days_count') }} as decimal(18,6))
            as decimal(18,2)
        ) as average_days_to_close,

        ---------- numerics: pipeline
        cast(coalesce(deal_metrics.open_deal_count, 0) as integer) as open_deal_count,
        cast(coalesce(deal_metrics.pipeline_amount, 0) as decimal(18,2)) as pipeline_amount,
        cast(coalesce(deal_metrics.weighted_pipeline_amount, 0) as decimal(18,2)) as weighted_pipeline_amount,
        cast(coalesce(deal_metrics.overdue_deal_count, 0) as integer) as overdue_deal_count,
        cast(
            cast({{ safe_divide('deal_metrics.open_age_days_sum', 'deal_metrics.open_age_days_count') }} as decimal(18,6))
            as decimal(18,2)
        ) as average_days_open{% endmacro %}
