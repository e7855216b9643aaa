-- Routing decisions (topic routes.updates). The chosen and previous endpoints are flattened
-- into columns (chosen_endpoint_provider, ...) because analysts group and filter on them.
CREATE TABLE IF NOT EXISTS ${database}.route_updates
(
    route_id                         LowCardinality(String),
    status                           LowCardinality(String) COMMENT 'ROUTED or NO_ROUTE',
    chosen_endpoint_offer_id         Nullable(String),
    chosen_endpoint_kind             LowCardinality(Nullable(String)),
    chosen_endpoint_provider         LowCardinality(Nullable(String)),
    chosen_endpoint_region           LowCardinality(Nullable(String)),
    chosen_endpoint_zone             LowCardinality(Nullable(String)),
    chosen_endpoint_product          LowCardinality(Nullable(String)),
    chosen_endpoint_pricing_model    LowCardinality(Nullable(String)),
    chosen_effective_price           Nullable(Float64) COMMENT 'in price_unit',
    chosen_p99_latency_ms            Nullable(Float64),
    alternatives                     Array(Tuple(
                                         endpoint Tuple(offer_id String, kind String, provider String,
                                                        region Nullable(String), zone Nullable(String),
                                                        product String, pricing_model Nullable(String)),
                                         effective_price Float64,
                                         p99_latency_ms Nullable(Float64))),
    price_unit                       LowCardinality(String),
    reason                           String,
    previous_endpoint_offer_id       Nullable(String),
    previous_endpoint_provider       LowCardinality(Nullable(String)),
    previous_endpoint_region         LowCardinality(Nullable(String)),
    previous_effective_price         Nullable(Float64),
    saving_per_unit                  Nullable(Float64) COMMENT 'previous minus chosen price, in price_unit',
    saving_pct                       Nullable(Float64),
    decided_at                       DateTime64(3, 'UTC'),
    _topic                           LowCardinality(String),
    _partition                       UInt32,
    _offset                          UInt64,
    _inserted_at                     DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(decided_at)
ORDER BY (route_id, decided_at)
TTL toDateTime(decided_at) + INTERVAL ${retention.derived.days} DAY
SETTINGS non_replicated_deduplication_window = 1000
COMMENT 'Route decisions from routes.updates';
