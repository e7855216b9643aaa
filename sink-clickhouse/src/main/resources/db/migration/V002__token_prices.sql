-- LLM token price observations (topic prices.tokens), one row per observation.
CREATE TABLE IF NOT EXISTS ${database}.token_prices
(
    offer_id                     String COMMENT 'provider|model|region',
    provider                     LowCardinality(String),
    model                        LowCardinality(String) COMMENT 'canonical model name',
    provider_model_id            String,
    region                       LowCardinality(Nullable(String)) COMMENT 'null for global APIs',
    usd_per_million_input        Float64,
    usd_per_million_output       Float64,
    usd_per_million_cached_input Nullable(Float64),
    max_input_tokens             Nullable(Int64),
    observed_at                  DateTime64(3, 'UTC'),
    source                       LowCardinality(String),
    tags                         Array(LowCardinality(String)),
    _topic                       LowCardinality(String),
    _partition                   UInt32,
    _offset                      UInt64,
    _inserted_at                 DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(observed_at)
ORDER BY (model, provider, observed_at)
TTL toDateTime(observed_at) + INTERVAL ${retention.prices.days} DAY
SETTINGS non_replicated_deduplication_window = 1000
COMMENT 'LLM token price observations from prices.tokens';
