-- Hourly OHLC per offer, maintained by materialized views as rows arrive. Recent ClickHouse
-- versions push a retried block into the views even when the source table drops it, and let each
-- view target deduplicate with a token derived from the insert's; so the targets keep a
-- deduplication window too, which keeps the views exactly-once.
CREATE TABLE IF NOT EXISTS ${database}.gpu_prices_ohlc_1h
(
    hour           DateTime('UTC'),
    offer_id       String,
    gpu_model      LowCardinality(String),
    pricing_model  LowCardinality(String),
    region         LowCardinality(String),
    provider       LowCardinality(String),
    open           AggregateFunction(argMin, Float64, DateTime64(3, 'UTC')),
    high           SimpleAggregateFunction(max, Float64),
    low            SimpleAggregateFunction(min, Float64),
    close          AggregateFunction(argMax, Float64, DateTime64(3, 'UTC')),
    samples        SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (gpu_model, pricing_model, region, provider, offer_id, hour)
TTL hour + INTERVAL ${retention.prices.days} DAY
SETTINGS non_replicated_deduplication_window = 1000
COMMENT 'Hourly OHLC of usd_per_gpu_hour per offer (aggregate states; read gpu_ohlc_hourly)';

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.gpu_prices_ohlc_1h_mv TO ${database}.gpu_prices_ohlc_1h AS
SELECT
    toStartOfHour(toDateTime(observed_at)) AS hour,
    offer_id, gpu_model, pricing_model, region, provider,
    argMinState(usd_per_gpu_hour, observed_at) AS open,
    max(usd_per_gpu_hour) AS high,
    min(usd_per_gpu_hour) AS low,
    argMaxState(usd_per_gpu_hour, observed_at) AS close,
    count() AS samples
FROM ${database}.gpu_prices
GROUP BY hour, offer_id, gpu_model, pricing_model, region, provider;

CREATE VIEW IF NOT EXISTS ${database}.gpu_ohlc_hourly AS
SELECT hour, offer_id, gpu_model, pricing_model, region, provider,
       argMinMerge(open) AS open, max(high) AS high, min(low) AS low, argMaxMerge(close) AS close,
       sum(samples) AS samples
FROM ${database}.gpu_prices_ohlc_1h
GROUP BY hour, offer_id, gpu_model, pricing_model, region, provider;

CREATE TABLE IF NOT EXISTS ${database}.token_prices_ohlc_1h
(
    hour       DateTime('UTC'),
    offer_id   String,
    model      LowCardinality(String),
    provider   LowCardinality(String),
    open       AggregateFunction(argMin, Float64, DateTime64(3, 'UTC')),
    high       SimpleAggregateFunction(max, Float64),
    low        SimpleAggregateFunction(min, Float64),
    close      AggregateFunction(argMax, Float64, DateTime64(3, 'UTC')),
    samples    SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (model, provider, offer_id, hour)
TTL hour + INTERVAL ${retention.prices.days} DAY
SETTINGS non_replicated_deduplication_window = 1000
COMMENT 'Hourly OHLC of the blended (3:1 input:output) USD per million tokens per offer';

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.token_prices_ohlc_1h_mv TO ${database}.token_prices_ohlc_1h AS
SELECT
    toStartOfHour(toDateTime(observed_at)) AS hour,
    offer_id, model, provider,
    argMinState((3 * usd_per_million_input + usd_per_million_output) / 4, observed_at) AS open,
    max((3 * usd_per_million_input + usd_per_million_output) / 4) AS high,
    min((3 * usd_per_million_input + usd_per_million_output) / 4) AS low,
    argMaxState((3 * usd_per_million_input + usd_per_million_output) / 4, observed_at) AS close,
    count() AS samples
FROM ${database}.token_prices
GROUP BY hour, offer_id, model, provider;

CREATE VIEW IF NOT EXISTS ${database}.token_ohlc_hourly AS
SELECT hour, offer_id, model, provider,
       argMinMerge(open) AS open, max(high) AS high, min(low) AS low, argMaxMerge(close) AS close,
       sum(samples) AS samples
FROM ${database}.token_prices_ohlc_1h
GROUP BY hour, offer_id, model, provider;
