-- Hourly OHLC over prices in effect, replacing the change-event views of V010 (same names, the same
-- columns first, then mean and live_seconds).
--
-- A price of an offer holds from its observed_at until the offer's next row (a price, or a
-- withdrawal, which ends it) or its valid_until, whichever is first. The last row of an offer
-- without valid_until holds until the newest observed_at of its source in the table, withdrawals
-- included: what is known, so a replayed dump is not stretched to now(). Rows of one offer at the
-- same millisecond: one is kept, the withdrawal, else the highest price, else the later valid_until
-- (NULL the latest), else by a hash of the source and the listing columns; never the order of reading.
--
-- A row: an offer and an hour [hour, hour + 1 h) in which some price of it held for a moment. open
-- is the price in effect at the hour's start, or the first to take effect within it; close the one
-- in effect at its last moment; high and low over the prices in effect in it; mean weighted by the
-- milliseconds each held; live_seconds how long a price held; samples the price periods in effect
-- in it (a row repeating the price of the row before while that one still holds, a source confirming
-- its listing, continues that period, as in the Streams analytics).
--
-- Query-time views: each read computes this from gpu_prices / token_prices. The change-event
-- aggregates gpu_prices_ohlc_1h / token_prices_ohlc_1h stay, fed by their materialized views as
-- before; nothing of gpuarb reads them any more.

ALTER TABLE ${database}.gpu_prices_ohlc_1h
    MODIFY COMMENT 'Hourly OHLC of the usd_per_gpu_hour changes per offer (aggregate states); gpu_ohlc_hourly no longer reads it';
ALTER TABLE ${database}.token_prices_ohlc_1h
    MODIFY COMMENT 'Hourly OHLC of the blended token price changes per offer (aggregate states); token_ohlc_hourly no longer reads it';

CREATE OR REPLACE VIEW ${database}.gpu_ohlc_hourly AS
SELECT hour, offer_id, gpu_model, pricing_model, region, provider,
       -- the pieces of one offer in one hour never overlap: the first and the last are well defined
       argMin(price, from_ms) AS open,
       max(price) AS high,
       min(price) AS low,
       argMax(price, from_ms) AS close,
       -- a piece that continues the piece just before it is not a period of its own; the piece at
       -- the hour's start always counts (it carries a period in, or starts one there)
       countIf(NOT continues OR from_ms = h * 3600000) AS samples,
       sum(price * (to_ms - from_ms)) / sum(to_ms - from_ms) AS mean,
       sum(to_ms - from_ms) / 1000 AS live_seconds
FROM
(
    -- Each price in effect cut at the hours it overlaps (h: hours since the epoch): one piece per
    -- hour, never empty, because end_ms > start_ms.
    SELECT offer_id, gpu_model, pricing_model, region, provider, price, continues,
           arrayJoin(range(intDiv(start_ms, 3600000), intDiv(end_ms - 1, 3600000) + 1)) AS h,
           toDateTime(h * 3600, 'UTC') AS hour,
           greatest(start_ms, h * 3600000) AS from_ms,
           least(end_ms, (h + 1) * 3600000) AS to_ms
    FROM
    (
        -- When each row stops holding: the offer's next row (leadInFrame over a frame that reaches
        -- it), its valid_until, or, for the last row without one, the newest observed_at of its
        -- source. Whether it repeats the price of the row before (lagInFrame) while that one still
        -- held: then it continues that period.
        SELECT offer_id, gpu_model, pricing_model, region, provider, price, withdrawn, start_ms,
               leadInFrame(toNullable(start_ms), 1) OVER (PARTITION BY offer_id ORDER BY start_ms
                   ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS next_ms,
               multiIf(next_ms IS NOT NULL AND until_ms IS NOT NULL,
                           least(assumeNotNull(next_ms), assumeNotNull(until_ms)),
                       next_ms IS NOT NULL, assumeNotNull(next_ms),
                       until_ms IS NOT NULL, assumeNotNull(until_ms),
                       newest_ms) AS end_ms,
               lagInFrame(toNullable(price), 1) OVER previous AS prev_price,
               lagInFrame(toNullable(withdrawn), 1) OVER previous AS prev_withdrawn,
               lagInFrame(until_ms, 1) OVER previous AS prev_until_ms,
               prev_price IS NOT NULL AND NOT assumeNotNull(prev_withdrawn) AND assumeNotNull(prev_price) = price
                   AND (prev_until_ms IS NULL OR assumeNotNull(prev_until_ms) >= start_ms) AS continues
        FROM
        (
            -- Every row, in the order that decides between rows of one offer at one millisecond:
            -- the last of them (following_ms differs) is the one kept.
            SELECT offer_id, gpu_model, pricing_model, region, provider, usd_per_gpu_hour AS price, withdrawn,
                   toUnixTimestamp64Milli(observed_at) AS start_ms,
                   if(valid_until IS NULL, CAST(NULL, 'Nullable(Int64)'),
                      toUnixTimestamp64Milli(assumeNotNull(valid_until))) AS until_ms,
                   toUnixTimestamp64Milli(n.newest) AS newest_ms,
                   leadInFrame(toNullable(start_ms), 1) OVER (PARTITION BY offer_id
                       ORDER BY start_ms, withdrawn, price, until_ms IS NULL, until_ms,
                                cityHash64(p.source, gpu_model, pricing_model, region, provider)
                       ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS following_ms
            FROM ${database}.gpu_prices AS p
            -- The newest observed_at of each source, withdrawals included.
            INNER JOIN
            (
                SELECT source, max(observed_at) AS newest FROM ${database}.gpu_prices GROUP BY source
            ) AS n ON n.source = p.source
        )
        WHERE following_ms IS NULL OR assumeNotNull(following_ms) != start_ms
        WINDOW previous AS (PARTITION BY offer_id ORDER BY start_ms ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
    )
    -- A withdrawal only ends the price before it.
    WHERE NOT withdrawn AND end_ms > start_ms
)
GROUP BY hour, offer_id, gpu_model, pricing_model, region, provider
COMMENT 'Hourly OHLC of usd_per_gpu_hour per offer over its prices in effect';

-- The same over token prices, blended 3:1 (input:output) USD per million tokens as in V010.
CREATE OR REPLACE VIEW ${database}.token_ohlc_hourly AS
SELECT hour, offer_id, model, provider,
       -- the pieces of one offer in one hour never overlap: the first and the last are well defined
       argMin(price, from_ms) AS open,
       max(price) AS high,
       min(price) AS low,
       argMax(price, from_ms) AS close,
       -- a piece that continues the piece just before it is not a period of its own; the piece at
       -- the hour's start always counts (it carries a period in, or starts one there)
       countIf(NOT continues OR from_ms = h * 3600000) AS samples,
       sum(price * (to_ms - from_ms)) / sum(to_ms - from_ms) AS mean,
       sum(to_ms - from_ms) / 1000 AS live_seconds
FROM
(
    -- Each price in effect cut at the hours it overlaps (h: hours since the epoch): one piece per
    -- hour, never empty, because end_ms > start_ms.
    SELECT offer_id, model, provider, price, continues,
           arrayJoin(range(intDiv(start_ms, 3600000), intDiv(end_ms - 1, 3600000) + 1)) AS h,
           toDateTime(h * 3600, 'UTC') AS hour,
           greatest(start_ms, h * 3600000) AS from_ms,
           least(end_ms, (h + 1) * 3600000) AS to_ms
    FROM
    (
        -- When each row stops holding: the offer's next row (leadInFrame over a frame that reaches
        -- it), its valid_until, or, for the last row without one, the newest observed_at of its
        -- source. Whether it repeats the price of the row before (lagInFrame) while that one still
        -- held: then it continues that period.
        SELECT offer_id, model, provider, price, withdrawn, start_ms,
               leadInFrame(toNullable(start_ms), 1) OVER (PARTITION BY offer_id ORDER BY start_ms
                   ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS next_ms,
               multiIf(next_ms IS NOT NULL AND until_ms IS NOT NULL,
                           least(assumeNotNull(next_ms), assumeNotNull(until_ms)),
                       next_ms IS NOT NULL, assumeNotNull(next_ms),
                       until_ms IS NOT NULL, assumeNotNull(until_ms),
                       newest_ms) AS end_ms,
               lagInFrame(toNullable(price), 1) OVER previous AS prev_price,
               lagInFrame(toNullable(withdrawn), 1) OVER previous AS prev_withdrawn,
               lagInFrame(until_ms, 1) OVER previous AS prev_until_ms,
               prev_price IS NOT NULL AND NOT assumeNotNull(prev_withdrawn) AND assumeNotNull(prev_price) = price
                   AND (prev_until_ms IS NULL OR assumeNotNull(prev_until_ms) >= start_ms) AS continues
        FROM
        (
            -- Every row, in the order that decides between rows of one offer at one millisecond:
            -- the last of them (following_ms differs) is the one kept.
            SELECT offer_id, model, provider, (3 * usd_per_million_input + usd_per_million_output) / 4 AS price, withdrawn,
                   toUnixTimestamp64Milli(observed_at) AS start_ms,
                   if(valid_until IS NULL, CAST(NULL, 'Nullable(Int64)'),
                      toUnixTimestamp64Milli(assumeNotNull(valid_until))) AS until_ms,
                   toUnixTimestamp64Milli(n.newest) AS newest_ms,
                   leadInFrame(toNullable(start_ms), 1) OVER (PARTITION BY offer_id
                       ORDER BY start_ms, withdrawn, price, until_ms IS NULL, until_ms,
                                cityHash64(p.source, model, provider)
                       ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS following_ms
            FROM ${database}.token_prices AS p
            -- The newest observed_at of each source, withdrawals included.
            INNER JOIN
            (
                SELECT source, max(observed_at) AS newest FROM ${database}.token_prices GROUP BY source
            ) AS n ON n.source = p.source
        )
        WHERE following_ms IS NULL OR assumeNotNull(following_ms) != start_ms
        WINDOW previous AS (PARTITION BY offer_id ORDER BY start_ms ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
    )
    -- A withdrawal only ends the price before it.
    WHERE NOT withdrawn AND end_ms > start_ms
)
GROUP BY hour, offer_id, model, provider
COMMENT 'Hourly OHLC of the blended (3:1) USD per million tokens per offer over its prices in effect';
