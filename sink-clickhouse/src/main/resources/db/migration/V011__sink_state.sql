-- The sink's exactly-once state: per connector and topic-partition, the offset range of the
-- batch being written (BEFORE) or last written (AFTER). version = 2 * max_offset + (AFTER ? 1 : 0)
-- grows with every transition, so the newest row per key wins on merge and on read.
CREATE TABLE IF NOT EXISTS ${database}.sink_state
(
    connector   String,
    topic       String,
    partition   UInt32,
    min_offset  UInt64,
    max_offset  UInt64,
    phase       LowCardinality(String) COMMENT 'BEFORE or AFTER the insert of [min_offset, max_offset]',
    version     UInt64,
    updated_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (connector, topic, partition)
COMMENT 'Exactly-once bookkeeping of the ClickHouse sink connector';
