-- Offer liveness. valid_until: the wall-clock time after which a price no longer holds unless a later
-- row of the offer confirms it (NULL: never expires). withdrawn: the offer left its source's listing
-- at observed_at; the row repeats the last price sent, so the hourly OHLC views leave it out.
ALTER TABLE ${database}.gpu_prices ADD COLUMN IF NOT EXISTS valid_until Nullable(DateTime64(3, 'UTC'))
    COMMENT 'price holds until then unless confirmed again; NULL = no expiry' AFTER attributes;
ALTER TABLE ${database}.gpu_prices ADD COLUMN IF NOT EXISTS withdrawn Bool DEFAULT false
    COMMENT 'the offer left its source''s listing at observed_at' AFTER valid_until;
ALTER TABLE ${database}.token_prices ADD COLUMN IF NOT EXISTS valid_until Nullable(DateTime64(3, 'UTC'))
    COMMENT 'price holds until then unless confirmed again; NULL = no expiry' AFTER tags;
ALTER TABLE ${database}.token_prices ADD COLUMN IF NOT EXISTS withdrawn Bool DEFAULT false
    COMMENT 'the offer left its source''s listing at observed_at' AFTER valid_until;

-- The views change in place (no window in which rows would miss them).
ALTER TABLE ${database}.gpu_prices_ohlc_1h_mv MODIFY QUERY
SELECT
    toStartOfHour(toDateTime(observed_at)) AS hour,
    offer_id, gpu_model, pricing_model, region, provider,
    argMinState(usd_per_gpu_hour, observed_at) AS open,
    max(usd_per_gpu_hour) AS high,
    min(usd_per_gpu_hour) AS low,
    argMaxState(usd_per_gpu_hour, observed_at) AS close,
    count() AS samples
FROM ${database}.gpu_prices
WHERE NOT withdrawn
GROUP BY hour, offer_id, gpu_model, pricing_model, region, provider;

ALTER TABLE ${database}.token_prices_ohlc_1h_mv MODIFY QUERY
SELECT
    toStartOfHour(toDateTime(observed_at)) AS hour,
    offer_id, model, provider,
    argMinState((3 * usd_per_million_input + usd_per_million_output) / 4, observed_at) AS open,
    max((3 * usd_per_million_input + usd_per_million_output) / 4) AS high,
    min((3 * usd_per_million_input + usd_per_million_output) / 4) AS low,
    argMaxState((3 * usd_per_million_input + usd_per_million_output) / 4, observed_at) AS close,
    count() AS samples
FROM ${database}.token_prices
WHERE NOT withdrawn
GROUP BY hour, offer_id, model, provider;
