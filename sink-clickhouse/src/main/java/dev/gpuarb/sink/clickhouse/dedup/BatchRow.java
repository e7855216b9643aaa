package dev.gpuarb.sink.clickhouse.dedup;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One row of a batch: its offset, its RowBinaryWithDefaults bytes, and the record it came from (what
 * goes to the dead-letter topic if ClickHouse refuses the row).
 */
public record BatchRow(long offset, byte[] bytes, SinkRecord record) {}
