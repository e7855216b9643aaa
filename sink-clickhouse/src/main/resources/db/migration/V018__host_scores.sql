-- Marketplace host scores (Vast.ai): reliability, the share of time the host was up and rentable (0..1),
-- and DLPerf, the marketplace's deep-learning performance score of the whole offer. NULL for every
-- source that does not score hosts (clouds, catalogs) and for rows written before these columns.
ALTER TABLE ${database}.gpu_prices ADD COLUMN IF NOT EXISTS reliability Nullable(Float64)
    COMMENT 'host reliability 0..1 as the marketplace scores it; NULL = not scored' AFTER withdrawn;
ALTER TABLE ${database}.gpu_prices ADD COLUMN IF NOT EXISTS dlperf Nullable(Float64)
    COMMENT 'marketplace DLPerf score of the offer; NULL = not scored' AFTER reliability;
