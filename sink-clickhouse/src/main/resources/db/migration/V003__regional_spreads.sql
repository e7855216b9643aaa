-- Windowed regional spreads (topic spreads.regional): cheapest vs dearest region per product.
CREATE TABLE IF NOT EXISTS ${database}.regional_spreads
(
    kind               LowCardinality(String) COMMENT 'GPU_HOURS or TOKENS',
    product            LowCardinality(String) COMMENT 'GPU model or token model',
    pricing_model      LowCardinality(String) COMMENT 'empty for tokens',
    price_unit         LowCardinality(String),
    window_start       DateTime64(3, 'UTC'),
    window_end         DateTime64(3, 'UTC'),
    regions            Array(Tuple(region String, provider String, min_price Float64, max_price Float64,
                                   mean_price Float64, sample_count Int32)),
    cheapest_region    LowCardinality(String),
    cheapest_provider  LowCardinality(String),
    cheapest_price     Float64,
    dearest_region     LowCardinality(String),
    dearest_provider   LowCardinality(String),
    dearest_price      Float64,
    spread_pct         Float64 COMMENT '(dearest - cheapest) / cheapest * 100',
    offer_count        Int32,
    _topic             LowCardinality(String),
    _partition         UInt32,
    _offset            UInt64,
    _inserted_at       DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(window_start)
ORDER BY (kind, product, pricing_model, window_start)
TTL toDateTime(window_start) + INTERVAL ${retention.derived.days} DAY
SETTINGS non_replicated_deduplication_window = 1000
COMMENT 'Regional price spreads per window from spreads.regional';
