-- GPU-hour price observations (topic prices.gpu), one row per observation.
-- Analysts filter by GPU model and pricing model first, then region/provider and time,
-- so that is the sort key; monthly partitions keep TTL drops and backfills cheap.
CREATE TABLE IF NOT EXISTS ${database}.gpu_prices
(
    offer_id          String COMMENT 'provider|region|zone|instanceType|pricingModel',
    provider          LowCardinality(String),
    region            LowCardinality(String),
    zone              LowCardinality(Nullable(String)) COMMENT 'availability zone when the price is zonal',
    instance_type     LowCardinality(String),
    gpu_model         LowCardinality(String) COMMENT 'canonical GPU model, e.g. H100-80GB',
    gpu_count         UInt16,
    gpu_memory_gb     UInt16 COMMENT 'GiB per GPU',
    pricing_model     LowCardinality(String) COMMENT 'ON_DEMAND, SPOT, RESERVED or MARKETPLACE',
    usd_per_hour      Float64 COMMENT 'whole instance, USD per hour',
    usd_per_gpu_hour  Float64 COMMENT 'USD per GPU-hour',
    currency          LowCardinality(String) COMMENT 'ISO 4217 code of the published price',
    original_amount   Float64 COMMENT 'instance price per hour in the original currency',
    observed_at       DateTime64(3, 'UTC') COMMENT 'event time',
    source            LowCardinality(String),
    compliance_tags   Array(LowCardinality(String)),
    attributes        Map(String, String),
    _topic            LowCardinality(String),
    _partition        UInt32,
    _offset           UInt64,
    _inserted_at      DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'when the sink wrote the row'
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(observed_at)
ORDER BY (gpu_model, pricing_model, region, provider, observed_at)
TTL toDateTime(observed_at) + INTERVAL ${retention.prices.days} DAY
SETTINGS non_replicated_deduplication_window = 1000
COMMENT 'GPU-hour price observations from prices.gpu';
