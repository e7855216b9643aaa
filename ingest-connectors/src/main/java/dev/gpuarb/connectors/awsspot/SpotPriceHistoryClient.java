package dev.gpuarb.connectors.awsspot;

import java.io.Closeable;
import java.time.Instant;
import java.util.List;

/** Reads spot price history of one region for a time window (all pages). An interface so the source is testable alone. */
public interface SpotPriceHistoryClient extends Closeable {

    List<SpotPriceEvent> history(String region, Instant start, Instant end) throws Exception;

    @Override
    default void close() {}
}
