-- Activity-to-deal correlation: one row per activity band (number of activities logged against a deal up to the
-- run date: 0, 1-2, 3-5, 6-9, 10+), over all deals of mart_deal_engagement.
--   win_rate_by_count  = won / (won + lost) deals of the band
--   win_rate_by_amount = won amount / (won + lost) amount of the band
-- Comparing the bands shows whether deals with more activities are won more often.

with

bands as (

    select 1 as band_order, '0' as activity_band, 0 as min_activity_count, 0 as max_activity_count
    union all select 2, '1-2', 1, 2
    union all select 3, '3-5', 3, 5
    union all select 4, '6-9', 6, 9
    union all select 5, '10+', 10, null

),

deals as (

    select * from {{ ref('mart_deal_engagement') }}

),

banded as (

    select
        activity_band,
        count(*) as deal_count,
        sum(case when is_open then 1 else 0 end) as open_deal_count,
        sum(case when is_won then 1 else 0 end) as won_deal_count,
        sum(case when is_lost then 1 else 0 end) as lost_deal_count,
        sum(case when is_won then amount else 0 end) as won_amount,
        sum(case when is_lost then amount else 0 end) as lost_amount,
        sum(activity_count) as activity_count,
        cast(
            avg(cast(case when is_won then sales_cycle_days end as double precision))
            as decimal(18,6)
        ) as average_sales_cycle_days

    from deals

    group by activity_band

),

final as (

    select

        ---------- ids
        bands.activity_band,

        ---------- numerics
        bands.band_order,
        bands.min_activity_count,
        bands.max_activity_count,
        cast(coalesce(banded.deal_count, 0) as integer) as deal_count,
        cast(coalesce(banded.open_deal_count, 0) as integer) as open_deal_count,
        cast(coalesce(banded.won_deal_count, 0) as integer) as won_deal_count,
        cast(coalesce(banded.lost_deal_count, 0) as integer) as lost_deal_count,
        cast(coalesce(banded.won_amount, 0) as decimal(18,2)) as won_amount,
        cast(coalesce(banded.lost_amount, 0) as decimal(18,2)) as lost_amount,
        cast(
            cast(
                {{ safe_divide('banded.won_deal_count', 'banded.won_deal_count + banded.lost_deal_count') }}
                as decimal(18,6)
            )
            as decimal(9,4)
        ) as win_rate_by_count,
        cast(
            cast({{ safe_divide('banded.won_amount', 'banded.won_amount + banded.lost_amount') }} as decimal(18,6))
            as decimal(9,4)
        ) as win_rate_by_amount,
        cast(
            cast(
                {{ safe_divide('banded.activity_count', 'banded.deal_count') }}
                as decimal(18,6)
            )
            as decimal(18,2)
        ) as average_activity_count,
        cast(banded.average_sales_cycle_days as decimal(18,2)) as average_sales_cycle_days

    from bands

    left join banded
        on bands.activity_band = banded.activity_band

)

select * from final
