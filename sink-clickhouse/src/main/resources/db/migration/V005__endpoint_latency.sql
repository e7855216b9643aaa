-- Windowed latency summaries per endpoint (topic latency.endpoints).
CREATE TABLE IF NOT EXISTS ${database}.endpoint_latency
(
    endpoint_id    String COMMENT 'offer id of the endpoint',
    window_start   DateTime64(3, 'UTC'),
    window_end     DateTime64(3, 'UTC'),
    request_count  Int64,
    error_count    Int64,
    error_rate     Float64 COMMENT '0..1',
    p50_ms         Float64,
    p99_ms         Float64,
    sketch         Nullable(String) COMMENT 'base64 of the serialized quantile sketch',
    _topic         LowCardinality(String),
    _partition     UInt32,
    _offset        UInt64,
    _inserted_at   DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(window_start)
ORDER BY (endpoint_id, window_start)
TTL toDateTime(window_start) + INTERVAL ${retention.derived.days} DAY
SETTINGS non_replicated_deduplication_window = 1000
COMMENT 'Endpoint latency summaries from latency.endpoints';
