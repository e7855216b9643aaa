-- Spot bid recommendations (topic bids.spot).
CREATE TABLE IF NOT EXISTS ${database}.spot_bids
(
    offer_id                          String,
    provider                          LowCardinality(String),
    region                            LowCardinality(String),
    zone                              LowCardinality(Nullable(String)),
    instance_type                     LowCardinality(String),
    gpu_model                         LowCardinality(String),
    spot_usd_per_hour                 Float64 COMMENT 'latest spot price, USD per instance-hour',
    recommended_max_bid_usd_per_hour  Float64,
    percentile                        Float64,
    margin_pct                        Float64,
    on_demand_usd_per_hour            Nullable(Float64),
    capped_at_on_demand               Bool,
    action                            LowCardinality(String) COMMENT 'BID, HOLD or USE_ON_DEMAND',
    horizon_ms                        Int64,
    sample_count                      Int32,
    reason                            String,
    at                                DateTime64(3, 'UTC'),
    _topic                            LowCardinality(String),
    _partition                        UInt32,
    _offset                           UInt64,
    _inserted_at                      DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (gpu_model, region, provider, offer_id, at)
TTL toDateTime(at) + INTERVAL ${retention.derived.days} DAY
SETTINGS non_replicated_deduplication_window = 1000
COMMENT 'Spot bid recommendations from bids.spot';
