-- Records rejected upstream (topic prices.rejected), for data-quality panels.
CREATE TABLE IF NOT EXISTS ${database}.rejected_records
(
    source        LowCardinality(String),
    reason        LowCardinality(String),
    detail        String,
    raw_excerpt   String,
    location      Nullable(String),
    rejected_at   DateTime64(3, 'UTC'),
    _topic        LowCardinality(String),
    _partition    UInt32,
    _offset       UInt64,
    _inserted_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(rejected_at)
ORDER BY (source, reason, rejected_at)
TTL toDateTime(rejected_at) + INTERVAL ${retention.rejected.days} DAY
SETTINGS non_replicated_deduplication_window = 1000
COMMENT 'Rejected input records from prices.rejected';
