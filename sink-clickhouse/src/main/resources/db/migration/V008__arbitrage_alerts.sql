-- Arbitrage alerts (topic alerts.arbitrage).
CREATE TABLE IF NOT EXISTS ${database}.arbitrage_alerts
(
    alert_id                String,
    gpu_model               LowCardinality(String),
    pricing_model           LowCardinality(String),
    cheap_region            LowCardinality(String),
    cheap_provider          LowCardinality(String),
    cheap_offer_id          String,
    cheap_usd_per_gpu_hour  Float64,
    dear_region             LowCardinality(String),
    dear_provider           LowCardinality(String),
    dear_offer_id           String,
    dear_usd_per_gpu_hour   Float64,
    spread_pct              Float64 COMMENT '(dear - cheap) / dear * 100',
    threshold_pct           Float64,
    at                      DateTime64(3, 'UTC'),
    _topic                  LowCardinality(String),
    _partition              UInt32,
    _offset                 UInt64,
    _inserted_at            DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (gpu_model, pricing_model, at)
TTL toDateTime(at) + INTERVAL ${retention.derived.days} DAY
SETTINGS non_replicated_deduplication_window = 1000
COMMENT 'Arbitrage alerts from alerts.arbitrage';
