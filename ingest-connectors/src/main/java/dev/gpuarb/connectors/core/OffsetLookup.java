package dev.gpuarb.connectors.core;

import java.util.Collection;
import java.util.Map;

/**
 * Reads committed source offsets; in a task this is Connect's {@code OffsetStorageReader}.
 * An interface so that the change filter is testable without a worker.
 */
@FunctionalInterface
public interface OffsetLookup {

    Map<Map<String, Object>, Map<String, Object>> offsets(Collection<Map<String, Object>> partitions);

    static OffsetLookup none() {
        return partitions -> Map.of();
    }
}
