package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.EndpointLatencySummary;

/** The most recent windowed latency of one endpoint, as far as routing cares. */
public record LatestLatency(double p99Ms, double errorRate, long windowEnd) {

    public static LatestLatency of(EndpointLatencySummary s) {
        return new LatestLatency(
                s.getP99Ms(), s.getErrorRate(), s.getWindowEnd().toEpochMilli());
    }
}
