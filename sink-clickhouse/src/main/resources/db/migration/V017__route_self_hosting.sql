-- Self-hosted route choices: a TOKENS route that allows self-hosting may choose a GPU offer, priced per
-- token from the throughput model; these columns carry the figures behind that price (NULL when the
-- chosen endpoint is a per-token API, a GPU route's choice, or NO_ROUTE). Alternatives keep their
-- tuple shape; their self-hosting figures are not stored.
ALTER TABLE ${database}.route_updates ADD COLUMN IF NOT EXISTS chosen_self_host_model LowCardinality(Nullable(String))
    COMMENT 'model served on the chosen GPU offer' AFTER chosen_p99_latency_ms;
ALTER TABLE ${database}.route_updates ADD COLUMN IF NOT EXISTS chosen_self_host_weights LowCardinality(Nullable(String))
    COMMENT 'BF16, FP8 or INT4' AFTER chosen_self_host_model;
ALTER TABLE ${database}.route_updates ADD COLUMN IF NOT EXISTS chosen_self_host_gpus Nullable(UInt16)
    COMMENT 'GPUs of the instance' AFTER chosen_self_host_weights;
ALTER TABLE ${database}.route_updates ADD COLUMN IF NOT EXISTS chosen_self_host_concurrency Nullable(UInt32)
    COMMENT 'concurrent sequences the price assumes' AFTER chosen_self_host_gpus;
ALTER TABLE ${database}.route_updates ADD COLUMN IF NOT EXISTS chosen_self_host_context_tokens Nullable(UInt32)
    COMMENT 'tokens per sequence the price assumes' AFTER chosen_self_host_concurrency;
ALTER TABLE ${database}.route_updates ADD COLUMN IF NOT EXISTS chosen_self_host_output_tokens_per_second Nullable(Float64)
    COMMENT 'output tokens/s of the whole instance' AFTER chosen_self_host_context_tokens;
ALTER TABLE ${database}.route_updates ADD COLUMN IF NOT EXISTS chosen_self_host_per_sequence_tokens_per_second Nullable(Float64)
    COMMENT 'output tokens/s one sequence sees' AFTER chosen_self_host_output_tokens_per_second;
ALTER TABLE ${database}.route_updates ADD COLUMN IF NOT EXISTS chosen_self_host_usd_per_instance_hour Nullable(Float64)
    COMMENT 'USD per GPU-hour x GPUs' AFTER chosen_self_host_per_sequence_tokens_per_second;
