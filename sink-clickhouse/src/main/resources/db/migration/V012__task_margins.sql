-- Task quote margins (topic margins.tasks): every pricing of a quote, on arrival and after each
-- route change that moved its cost. The endpoint is flattened (endpoint_provider, ...) because
-- analysts group on it.
CREATE TABLE IF NOT EXISTS ${database}.task_margins
(
    quote_id                 String,
    task_type                LowCardinality(String),
    route_id                 LowCardinality(String),
    decision                 LowCardinality(String) COMMENT 'ACCEPT or REJECT',
    trigger                  LowCardinality(String) COMMENT 'QUOTE or ROUTE_CHANGED',
    reason                   String,
    offered_usd              Float64 COMMENT 'price offered for one task, USD',
    min_margin_pct           Float64 COMMENT 'percent of offered_usd',
    work_cost_usd            Nullable(Float64) COMMENT 'USD per task; null without a route',
    validation_cost_usd      Nullable(Float64) COMMENT 'USD per task',
    cost_usd                 Nullable(Float64) COMMENT 'work + validation, USD per task',
    margin_usd               Nullable(Float64) COMMENT 'offered - cost, USD per task',
    margin_pct               Nullable(Float64) COMMENT 'percent of offered_usd',
    endpoint_offer_id        Nullable(String),
    endpoint_kind            LowCardinality(Nullable(String)),
    endpoint_provider        LowCardinality(Nullable(String)),
    endpoint_region          LowCardinality(Nullable(String)),
    endpoint_product         LowCardinality(Nullable(String)),
    endpoint_pricing_model   LowCardinality(Nullable(String)),
    usd_per_million_input    Nullable(Float64),
    usd_per_million_output   Nullable(Float64),
    usd_per_gpu_hour         Nullable(Float64),
    quoted_at                DateTime64(3, 'UTC'),
    priced_at                DateTime64(3, 'UTC'),
    _topic                   LowCardinality(String),
    _partition               UInt32,
    _offset                  UInt64,
    _inserted_at             DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(priced_at)
ORDER BY (task_type, priced_at)
TTL toDateTime(priced_at) + INTERVAL ${retention.derived.days} DAY
SETTINGS non_replicated_deduplication_window = 1000
COMMENT 'Task quote margins from margins.tasks';
