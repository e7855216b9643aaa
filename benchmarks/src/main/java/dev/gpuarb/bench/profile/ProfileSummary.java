package dev.gpuarb.bench.profile;

import java.util.List;

/**
 * Where a JVM spent its CPU samples: the hottest top frames (self time) and the share of samples whose
 * stack passes through each area of code (inclusive time), e.g. RocksDB, Avro, JSON, Kafka clients.
 */
public record ProfileSummary(long samples, List<Share> topFrames, List<Share> areas) {

    public record Share(String name, long samples, double pct) {}
}
