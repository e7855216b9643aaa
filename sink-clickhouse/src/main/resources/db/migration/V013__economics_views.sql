-- Economics analyses as parameterised views: SELECT * FROM econ_x(param = value, ...).
-- Documented with examples in docs/analyst-queries.md; the CLI (gpuarb economics) and the
-- Grafana economics dashboard call them, so one definition serves all three.

-- Realised routing savings per route and hour. Each routing decision holds until the route's next
-- one; requests are the gateway's request counts at the chosen endpoint in latency windows that
-- start while it was chosen (a window counts for every route using the endpoint then). Baseline:
-- the route's first choice (baseline_provider = '') or the cheapest candidate of the named
-- provider (and region, unless '') among the decision's chosen, previous and alternative
-- endpoints; requests in decisions without such a candidate are counted apart.
CREATE VIEW IF NOT EXISTS ${database}.econ_routing_savings AS
SELECT toStartOfHour(l.window_start) AS hour,
       d.route_id AS route_id,
       sumIf(l.request_count, d.baseline_price IS NOT NULL) AS requests,
       sumIf(l.request_count, d.baseline_price IS NULL) AS requests_without_baseline,
       sumIf(l.request_count * d.units_per_request * d.chosen_price, d.baseline_price IS NOT NULL) AS chosen_cost_usd,
       sumIf(l.request_count * d.units_per_request * assumeNotNull(d.baseline_price), d.baseline_price IS NOT NULL)
           AS baseline_cost_usd,
       baseline_cost_usd - chosen_cost_usd AS saving_usd
FROM
(
    SELECT u.route_id AS route_id, u.offer_id AS offer_id, u.valid_from AS valid_from, u.valid_to AS valid_to,
           assumeNotNull(u.chosen_price) AS chosen_price,
           if(u.kind = 'GPU_HOURS', {gpu_seconds_per_request:Float64} / 3600, {tokens_per_request:Float64} / 1000000)
               AS units_per_request,
           if({baseline_provider:String} = '', toNullable(f.first_price),
              if(empty(u.named), CAST(NULL, 'Nullable(Float64)'), toNullable(arrayMin(u.named)))) AS baseline_price
    FROM
    (
        SELECT route_id, status, chosen_endpoint_kind AS kind, chosen_endpoint_offer_id AS offer_id,
               chosen_effective_price AS chosen_price, decided_at AS valid_from,
               leadInFrame(decided_at, 1, toDateTime64('2200-01-01 00:00:00', 3, 'UTC')) OVER (PARTITION BY route_id
                   ORDER BY decided_at ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS valid_to,
               arrayMap(c -> c.3, arrayFilter(c -> c.1 = {baseline_provider:String}
                            AND ({baseline_region:String} = '' OR c.2 = {baseline_region:String}),
                   arrayConcat(
                       [(ifNull(chosen_endpoint_provider, ''), ifNull(chosen_endpoint_region, ''),
                         ifNull(chosen_effective_price, 0))],
                       if(previous_endpoint_provider IS NULL, [],
                          [(ifNull(previous_endpoint_provider, ''), ifNull(previous_endpoint_region, ''),
                            ifNull(previous_effective_price, 0))]),
                       arrayMap(a -> (tupleElement(tupleElement(a, 'endpoint'), 'provider'),
                                      ifNull(tupleElement(tupleElement(a, 'endpoint'), 'region'), ''),
                                      tupleElement(a, 'effective_price')), alternatives)))) AS named
        FROM ${database}.route_updates
    ) AS u
    LEFT JOIN
    (
        SELECT route_id, argMin(chosen_effective_price, decided_at) AS first_price
        FROM ${database}.route_updates
        WHERE status = 'ROUTED'
        GROUP BY route_id
    ) AS f ON f.route_id = u.route_id
    WHERE u.status = 'ROUTED'
) AS d
INNER JOIN ${database}.endpoint_latency AS l ON l.endpoint_id = d.offer_id
WHERE l.window_start >= d.valid_from AND l.window_start < d.valid_to
GROUP BY hour, route_id;

-- Spot against on-demand, per spot offer: each bid recommendation holds until the offer's next
-- one (the latest until now). Following them runs on spot at the spot price plus the interruption
-- overhead (percent, for restarts and lost work) while the action is BID, else on on-demand.
-- Recommendations without a known on-demand price are left out. Costs are per instance running
-- the whole time, USD.
CREATE VIEW IF NOT EXISTS ${database}.econ_spot_savings AS
SELECT offer_id,
       any(gpu_model) AS gpu_model,
       any(provider) AS provider,
       any(region) AS region,
       sum(held_hours) AS hours,
       sumIf(held_hours, on_spot) AS spot_hours,
       sum(held_hours * on_demand) AS on_demand_cost_usd,
       sum(held_hours * if(on_spot, spot * (1 + {interruption_overhead_pct:Float64} / 100), on_demand))
           AS followed_cost_usd,
       on_demand_cost_usd - followed_cost_usd AS saving_usd,
       if(on_demand_cost_usd > 0, saving_usd / on_demand_cost_usd * 100, 0) AS saving_pct
FROM
(
    SELECT offer_id, gpu_model, provider, region, spot_usd_per_hour AS spot,
           assumeNotNull(on_demand_usd_per_hour) AS on_demand, on_demand_usd_per_hour IS NOT NULL AS priced,
           action = 'BID' AS on_spot,
           dateDiff('millisecond', at, leadInFrame(at, 1, now64(3)) OVER (PARTITION BY offer_id ORDER BY at
               ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)) / 3600000 AS held_hours
    FROM ${database}.spot_bids
)
WHERE priced
GROUP BY offer_id;

-- Caching what-if per token route: at the route's current endpoint and its latest prices, with
-- the requests seen there over the last lookback_hours, what a prompt-cache hit rate (0..1) would
-- save on input tokens. An endpoint without a cached-input price saves nothing.
CREATE VIEW IF NOT EXISTS ${database}.econ_cache_savings AS
SELECT r.route_id AS route_id,
       r.offer_id AS offer_id,
       p.input AS usd_per_million_input,
       p.cached AS usd_per_million_cached_input,
       ifNull(v.requests, 0) AS requests,
       requests * ({input_tokens_per_request:Float64} * p.input + {output_tokens_per_request:Float64} * p.output)
           / 1000000 AS cost_usd,
       if(p.cached IS NULL, 0,
          requests * {input_tokens_per_request:Float64} * {hit_rate:Float64} * (p.input - assumeNotNull(p.cached))
              / 1000000) AS saving_usd,
       if(cost_usd > 0, saving_usd / cost_usd * 100, 0) AS saving_pct,
       saving_usd * (30 * 24 / {lookback_hours:Float64}) AS saving_usd_per_month
FROM
(
    SELECT route_id, argMax(chosen_endpoint_offer_id, decided_at) AS offer_id,
           argMax(chosen_endpoint_kind, decided_at) AS kind
    FROM ${database}.route_updates
    GROUP BY route_id
) AS r
INNER JOIN
(
    SELECT offer_id, argMax(usd_per_million_input, observed_at) AS input,
           argMax(usd_per_million_output, observed_at) AS output,
           argMax(usd_per_million_cached_input, observed_at) AS cached
    FROM ${database}.token_prices
    GROUP BY offer_id
) AS p ON p.offer_id = r.offer_id
LEFT JOIN
(
    SELECT endpoint_id, sum(request_count) AS requests
    FROM ${database}.endpoint_latency
    WHERE window_start >= now64(3) - toIntervalMillisecond(toInt64({lookback_hours:Float64} * 3600000))
    GROUP BY endpoint_id
) AS v ON v.endpoint_id = r.offer_id
WHERE r.kind = 'TOKENS';

-- Distillation break-even per token route: a one-off cost (training a smaller model) pays off
-- within payback_months when the monthly volume (million tokens) exceeds
-- one_off_usd / (payback_months * (current price - distilled price)), from the route's current
-- blended price. Null when the distilled model is not cheaper.
CREATE VIEW IF NOT EXISTS ${database}.econ_distillation_breakeven AS
SELECT route_id,
       current_usd_per_million,
       {distilled_usd_per_million:Float64} AS distilled_usd_per_million,
       current_usd_per_million - distilled_usd_per_million AS saving_per_million_usd,
       if(saving_per_million_usd > 0,
          toNullable({one_off_usd:Float64} / ({payback_months:Float64} * saving_per_million_usd)),
          CAST(NULL, 'Nullable(Float64)')) AS break_even_million_tokens_per_month
FROM
(
    SELECT route_id, argMax(chosen_effective_price, decided_at) AS current_price,
           argMax(status, decided_at) AS current_status, argMax(chosen_endpoint_kind, decided_at) AS kind
    FROM ${database}.route_updates
    GROUP BY route_id
)
ARRAY JOIN [assumeNotNull(current_price)] AS current_usd_per_million
WHERE current_status = 'ROUTED' AND kind = 'TOKENS';

-- Reserved-capacity break-even per GPU route: a commitment paid for every hour at
-- reserved_usd_per_gpu_hour pays off above the utilisation reserved / current price of the
-- route's current choice (pay as you go); above 100 % it never does. GPU-hours per month at
-- 730 hours a month.
CREATE VIEW IF NOT EXISTS ${database}.econ_reserved_breakeven AS
SELECT route_id,
       current_usd_per_gpu_hour,
       {reserved_usd_per_gpu_hour:Float64} AS reserved_usd_per_gpu_hour,
       reserved_usd_per_gpu_hour / current_usd_per_gpu_hour * 100 AS break_even_utilisation_pct,
       reserved_usd_per_gpu_hour / current_usd_per_gpu_hour * 730 AS break_even_gpu_hours_per_month,
       break_even_utilisation_pct <= 100 AS can_pay_off
FROM
(
    SELECT route_id, argMax(chosen_effective_price, decided_at) AS current_price,
           argMax(status, decided_at) AS current_status, argMax(chosen_endpoint_kind, decided_at) AS kind
    FROM ${database}.route_updates
    GROUP BY route_id
)
ARRAY JOIN [assumeNotNull(current_price)] AS current_usd_per_gpu_hour
WHERE current_status = 'ROUTED' AND kind = 'GPU_HOURS' AND current_usd_per_gpu_hour > 0;
