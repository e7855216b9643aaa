-- Self-hosting economics: a GPU offer priced per token next to the API offers of the same model.
-- Throughput figures and model names come from the throughput model (dev.gpuarb.throughput): the
-- migrator fills the first two tables from it after the migrations (ThroughputTables) and publishes
-- each complete set in gpu_throughput_versions; readers use the latest published version only.
-- Documented with examples in docs/analyst-queries.md.
CREATE TABLE IF NOT EXISTS ${database}.gpu_throughput
(
    version                   LowCardinality(String) COMMENT 'the set the row belongs to (gpu_throughput_versions)',
    model_id                  LowCardinality(String) COMMENT 'known model id, e.g. llama-3.1-70b-instruct',
    weights                   LowCardinality(String) COMMENT 'weight format: BF16, FP8 or INT4 (as published)',
    gpu_model                 LowCardinality(String) COMMENT 'canonical GPU model, as gpu_prices.gpu_model',
    gpus                      UInt16 COMMENT 'GPUs of the instance, as gpu_prices.gpu_count',
    concurrency               UInt16 COMMENT 'concurrent sequences on the whole instance',
    context_tokens            UInt32 COMMENT 'tokens each sequence holds in the KV cache',
    tensor_parallel           UInt16 COMMENT 'GPUs per model copy',
    copies                    UInt16 COMMENT 'model copies the instance holds',
    active_copies             UInt16 COMMENT 'copies serving at least one sequence',
    output_tokens_per_s       Float64 COMMENT 'decode tokens/s of the instance',
    prefill_tokens_per_s      Nullable(Float64) COMMENT 'prompt tokens/s of the instance; NULL when unknown',
    per_sequence_tokens_per_s Float64 COMMENT 'output tokens/s one sequence sees on the most loaded copy',
    decode_limit              LowCardinality(String) COMMENT 'MEMORY_BANDWIDTH, COMPUTE or MEASURED',
    source                    LowCardinality(String) COMMENT 'model (estimate) or measured'
)
ENGINE = MergeTree
ORDER BY (version, model_id, context_tokens, concurrency, gpu_model, gpus)
SETTINGS non_replicated_deduplication_window = 100
COMMENT 'Tokens/s of known open-weight models on GPU instances, from the throughput model; a missing row: does not fit';

CREATE TABLE IF NOT EXISTS ${database}.known_model_names
(
    version  LowCardinality(String) COMMENT 'the set the row belongs to (gpu_throughput_versions)',
    name     String COMMENT 'lower-case name without provider prefix',
    model_id LowCardinality(String) COMMENT 'the known model it names'
)
ENGINE = MergeTree
ORDER BY (version, name)
SETTINGS non_replicated_deduplication_window = 100
COMMENT 'Names API providers and routers give the known models, from the throughput model';

CREATE TABLE IF NOT EXISTS ${database}.gpu_throughput_versions
(
    version         String,
    throughput_rows UInt64,
    name_rows       UInt64,
    published_at    DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY published_at
COMMENT 'Complete sets of gpu_throughput and known_model_names; the latest is the one in use';

-- The known model each (provider_model_id, model) pair of token_prices names, by the rule of
-- KnownModels.byName: lower case, without an OpenRouter variant suffix (:free, :nitro, :floor,
-- :extended); then the whole name, then what follows each '/', each also without a Bedrock region
-- group (us., eu., apac., us-gov., global.), must equal a listed name; the first that does wins.
-- provider_model_id is tried before model. Pairs naming no known model are left out.
CREATE VIEW IF NOT EXISTS ${database}.token_model_ids AS
SELECT c.provider_model_id AS provider_model_id, c.model AS model, argMin(n.model_id, c.rank) AS model_id
FROM
(
    SELECT provider_model_id, model, which * 1000 + position AS rank, key
    FROM
    (
        SELECT provider_model_id, model, which,
               lowerUTF8(trimBoth(raw)) AS lowered,
               arrayFirst(v -> endsWith(lowered, v), [':free', ':nitro', ':floor', ':extended']) AS variant,
               substring(lowered, 1, length(lowered) - length(variant)) AS stripped,
               arrayMap(p -> substring(stripped, p + 1),
                        arrayConcat([0], arrayFilter(i -> substring(stripped, i, 1) = '/',
                                                     range(1, length(stripped) + 1)))) AS segments,
               arrayFlatten(arrayMap(s -> [s, if((arrayFirst(g -> startsWith(s, g),
                                                             ['us.', 'eu.', 'apac.', 'us-gov.', 'global.']) AS grp) = '',
                                                 '', substring(s, length(grp) + 1))],
                                     segments)) AS keys
        FROM (SELECT DISTINCT provider_model_id, model FROM ${database}.token_prices)
        ARRAY JOIN [0, 1] AS which, [provider_model_id, toString(model)] AS raw
    )
    ARRAY JOIN keys AS key, arrayEnumerate(keys) AS position
) AS c
INNER JOIN
(
    SELECT name, model_id
    FROM ${database}.known_model_names
    WHERE version = (SELECT argMax(version, published_at) FROM ${database}.gpu_throughput_versions)
) AS n ON n.name = c.key
GROUP BY c.provider_model_id, c.model;

-- Every live GPU offer (its latest price, not withdrawn, valid_until not passed) that can serve the
-- model, at every concurrency of the grid where it fits, priced per token. Blend: producing one output
-- token and input_output_ratio prompt tokens takes 1 / output_tokens_per_s + ratio / prefill_tokens_per_s
-- seconds of the instance (prefill and decode take turns on the same GPUs), so
-- tokens_per_s = (1 + ratio) / that, and USD per 1M tokens = usd_per_hour / (tokens_per_s x 3600) x 10^6.
CREATE VIEW IF NOT EXISTS ${database}.econ_selfhost_offers AS
SELECT o.offer_id AS offer_id, o.provider AS provider, o.region AS region, o.gpu_model AS gpu_model, o.gpus AS gpus,
       o.pricing_model AS pricing_model, o.usd_per_hour AS usd_per_hour,
       t.concurrency AS concurrency, t.tensor_parallel AS tensor_parallel, t.copies AS copies,
       t.active_copies AS active_copies, t.output_tokens_per_s AS output_tokens_per_s,
       t.prefill_tokens_per_s AS prefill_tokens_per_s, t.per_sequence_tokens_per_s AS per_sequence_tokens_per_s,
       t.source AS throughput_source,
       (1 + {input_output_ratio:Float64}) / (1 / t.output_tokens_per_s
           + if({input_output_ratio:Float64} = 0, 0, {input_output_ratio:Float64} / assumeNotNull(t.prefill_tokens_per_s)))
           AS tokens_per_s,
       o.usd_per_hour / (tokens_per_s * 3600) * 1000000 AS usd_per_million_tokens
FROM
(
    SELECT offer_id, latest.1 AS provider, latest.2 AS region, latest.3 AS gpu_model, latest.4 AS gpus,
           latest.5 AS pricing_model, latest.6 AS usd_per_hour
    FROM
    (
        SELECT offer_id,
               argMax((provider, region, gpu_model, gpu_count, pricing_model, usd_per_hour, withdrawn, valid_until),
                      observed_at) AS latest
        FROM ${database}.gpu_prices
        GROUP BY offer_id
    )
    WHERE NOT latest.7 AND (latest.8 IS NULL OR latest.8 > now64(3))
      AND ({pricing_model:String} = '' OR latest.5 = {pricing_model:String})
) AS o
INNER JOIN
(
    SELECT gpu_model, gpus, concurrency, tensor_parallel, copies, active_copies, output_tokens_per_s,
           prefill_tokens_per_s, per_sequence_tokens_per_s, source
    FROM ${database}.gpu_throughput
    WHERE version = (SELECT argMax(version, published_at) FROM ${database}.gpu_throughput_versions)
      AND model_id = {model:String} AND context_tokens = {context_tokens:UInt32}
      AND per_sequence_tokens_per_s >= {min_tokens_per_second_per_sequence:Float64}
      AND ({input_output_ratio:Float64} = 0 OR prefill_tokens_per_s IS NOT NULL)
) AS t ON t.gpu_model = o.gpu_model AND t.gpus = o.gpus;

-- Every live, paid API offer of the model (its latest price; free tiers are rate-limited, not
-- capacity), blended at the same ratio: (ratio x input + output) / (1 + ratio) USD per 1M tokens.
CREATE VIEW IF NOT EXISTS ${database}.econ_selfhost_api AS
SELECT p.offer_id AS offer_id, p.provider AS provider, p.region AS region, p.provider_model_id AS provider_model_id,
       p.input AS usd_per_million_input, p.output AS usd_per_million_output,
       ({input_output_ratio:Float64} * p.input + p.output) / (1 + {input_output_ratio:Float64}) AS usd_per_million_tokens
FROM
(
    SELECT offer_id, latest.1 AS provider, latest.2 AS region, latest.3 AS provider_model_id, latest.4 AS model,
           latest.5 AS input, latest.6 AS output
    FROM
    (
        SELECT offer_id,
               argMax((provider, region, provider_model_id, model, usd_per_million_input, usd_per_million_output,
                       withdrawn, valid_until, tags), observed_at) AS latest
        FROM ${database}.token_prices
        GROUP BY offer_id
    )
    WHERE NOT latest.7 AND (latest.8 IS NULL OR latest.8 > now64(3)) AND NOT has(latest.9, 'free')
) AS p
INNER JOIN ${database}.token_model_ids AS k ON k.provider_model_id = p.provider_model_id AND k.model = p.model
WHERE k.model_id = {model:String};

-- Per concurrency of the grid: the cheapest GPU offer and the cheapest API offer in USD per 1M
-- tokens, and the break-even concurrency: the smallest one at which the cheapest GPU offer is cheaper
-- than the cheapest API (below it the API is cheaper); NULL when that never happens in the grid or the
-- model has no API offer.
CREATE VIEW IF NOT EXISTS ${database}.econ_selfhost_breakeven AS
WITH
    gpu AS
    (
        SELECT concurrency, count() AS gpu_offers,
               argMin((offer_id, provider, region, gpu_model, gpus, pricing_model, usd_per_hour, tokens_per_s,
                       usd_per_million_tokens), (usd_per_million_tokens, offer_id)) AS best
        FROM ${database}.econ_selfhost_offers(model = {model:String}, context_tokens = {context_tokens:UInt32},
                                  input_output_ratio = {input_output_ratio:Float64},
                                  min_tokens_per_second_per_sequence = {min_tokens_per_second_per_sequence:Float64},
                                  pricing_model = {pricing_model:String})
        GROUP BY concurrency
    ),
    api AS
    (
        SELECT count() AS api_offers,
               argMin((offer_id, provider, usd_per_million_input, usd_per_million_output, usd_per_million_tokens),
                      (usd_per_million_tokens, offer_id)) AS best
        FROM ${database}.econ_selfhost_api(model = {model:String}, input_output_ratio = {input_output_ratio:Float64})
    )
SELECT c.concurrency AS concurrency,
       g.gpu_offers AS gpu_offers,
       if(g.gpu_offers = 0, NULL, g.best.1) AS gpu_offer_id,
       if(g.gpu_offers = 0, NULL, g.best.2) AS gpu_provider,
       if(g.gpu_offers = 0, NULL, g.best.3) AS gpu_region,
       if(g.gpu_offers = 0, NULL, g.best.4) AS gpu_model,
       if(g.gpu_offers = 0, NULL, g.best.5) AS gpus,
       if(g.gpu_offers = 0, NULL, g.best.6) AS gpu_pricing_model,
       if(g.gpu_offers = 0, NULL, g.best.7) AS gpu_usd_per_hour,
       if(g.gpu_offers = 0, NULL, g.best.8) AS gpu_tokens_per_s,
       if(g.gpu_offers = 0, NULL, g.best.9) AS gpu_usd_per_million_tokens,
       a.api_offers AS api_offers,
       if(a.api_offers = 0, NULL, a.best.1) AS api_offer_id,
       if(a.api_offers = 0, NULL, a.best.2) AS api_provider,
       if(a.api_offers = 0, NULL, a.best.3) AS api_usd_per_million_input,
       if(a.api_offers = 0, NULL, a.best.4) AS api_usd_per_million_output,
       if(a.api_offers = 0, NULL, a.best.5) AS api_usd_per_million_tokens,
       g.gpu_offers > 0 AND a.api_offers > 0 AND g.best.9 < a.best.5 AS gpu_cheaper,
       minOrNullIf(c.concurrency, gpu_cheaper) OVER () AS break_even_concurrency
FROM
(
    SELECT DISTINCT concurrency
    FROM ${database}.gpu_throughput
    WHERE version = (SELECT argMax(version, published_at) FROM ${database}.gpu_throughput_versions)
) AS c
LEFT JOIN gpu AS g ON g.concurrency = c.concurrency
CROSS JOIN api AS a;

-- The live GPU offers that can serve the model at one concurrency, priced per token as in
-- econ_selfhost_offers, each beside the cheapest API offer and the break-even concurrency.
CREATE VIEW IF NOT EXISTS ${database}.econ_selfhost AS
SELECT o.offer_id AS offer_id, o.provider AS provider, o.region AS region, o.gpu_model AS gpu_model, o.gpus AS gpus,
       o.pricing_model AS pricing_model, o.usd_per_hour AS usd_per_hour, o.concurrency AS concurrency,
       o.tensor_parallel AS tensor_parallel, o.copies AS copies, o.active_copies AS active_copies,
       o.output_tokens_per_s AS output_tokens_per_s, o.prefill_tokens_per_s AS prefill_tokens_per_s,
       o.per_sequence_tokens_per_s AS per_sequence_tokens_per_s, o.throughput_source AS throughput_source,
       o.tokens_per_s AS tokens_per_s, o.usd_per_million_tokens AS usd_per_million_tokens,
       b.api_offer_id AS api_offer_id, b.api_provider AS api_provider,
       b.api_usd_per_million_tokens AS api_usd_per_million_tokens,
       if(b.api_offers = 0, NULL, o.usd_per_million_tokens < b.api_usd_per_million_tokens) AS cheaper_than_api,
       b.break_even_concurrency AS break_even_concurrency
FROM ${database}.econ_selfhost_offers(model = {model:String}, context_tokens = {context_tokens:UInt32},
                          input_output_ratio = {input_output_ratio:Float64},
                          min_tokens_per_second_per_sequence = {min_tokens_per_second_per_sequence:Float64},
                          pricing_model = {pricing_model:String}) AS o
INNER JOIN ${database}.econ_selfhost_breakeven(model = {model:String}, context_tokens = {context_tokens:UInt32},
                                   input_output_ratio = {input_output_ratio:Float64},
                                   min_tokens_per_second_per_sequence = {min_tokens_per_second_per_sequence:Float64},
                                   pricing_model = {pricing_model:String}) AS b ON b.concurrency = o.concurrency
WHERE o.concurrency = {concurrency:UInt32};
