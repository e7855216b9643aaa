-- Time-of-day price profiles (topic profiles.time-of-day). The topic is compacted (latest per key);
-- here every emitted profile is kept, so use LIMIT 1 BY key for the latest.
CREATE TABLE IF NOT EXISTS ${database}.time_of_day_profiles
(
    gpu_model                   LowCardinality(String) COMMENT 'GPU model or token model',
    pricing_model               LowCardinality(String) COMMENT 'empty for tokens',
    region                      LowCardinality(String),
    price_unit                  LowCardinality(String),
    horizon_start               DateTime64(3, 'UTC'),
    horizon_end                 DateTime64(3, 'UTC'),
    daily_mean                  Float64,
    hours                       Array(Tuple(hour_utc Int32, mean_price Float64, sample_count Int32,
                                            vs_daily_mean_pct Float64)),
    cheapest_hour_utc           UInt8,
    cheapest_vs_daily_mean_pct  Float64,
    computed_at                 DateTime64(3, 'UTC'),
    _topic                      LowCardinality(String),
    _partition                  UInt32,
    _offset                     UInt64,
    _inserted_at                DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(computed_at)
ORDER BY (gpu_model, pricing_model, region, computed_at)
TTL toDateTime(computed_at) + INTERVAL ${retention.derived.days} DAY
SETTINGS non_replicated_deduplication_window = 1000
COMMENT 'Hour-of-day price profiles from profiles.time-of-day';
