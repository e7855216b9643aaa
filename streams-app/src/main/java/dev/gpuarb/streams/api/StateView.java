package dev.gpuarb.streams.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the API reads: this instance's stores, and where the other instances are. */
public interface StateView {

    /** Whether an application of this process keeps the store (the others are served by their own process). */
    default boolean serves(String store) {
        return true;
    }

    /** Every entry of a key-value store held by this instance, values as JSON shapes. */
    Map<String, Object> localEntries(String store);

    /** One entry of a store held by this instance. */
    Optional<Object> localGet(String store, String key);

    /** API addresses (host:port) of the other instances that hold part of the store. */
    List<String> otherInstances(String store);

    /** The API address of the instance holding the key, when it is not this one. */
    Optional<String> remoteOwner(String store, String key);

    /** Kafka Streams state name (RUNNING, REBALANCING, ...). */
    String state();

    boolean healthy();
}
