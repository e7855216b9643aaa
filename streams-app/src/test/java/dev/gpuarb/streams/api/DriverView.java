package dev.gpuarb.streams.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A StateView over the stores of the pipeline's TopologyTestDrivers (each store read from the driver of
 * the application that keeps it), with made-up peers for the cross-instance paths.
 */
final class DriverView implements StateView {

    private final Function<String, TopologyTestDriver> drivers;
    private final List<String> peers;
    private final String ownerOfEveryKey;

    DriverView(Function<String, TopologyTestDriver> drivers, List<String> peers, String ownerOfEveryKey) {
        this.drivers = drivers;
        this.peers = peers;
        this.ownerOfEveryKey = ownerOfEveryKey;
    }

    @Override
    public Map<String, Object> localEntries(String store) {
        Map<String, Object> entries = new LinkedHashMap<>();
        if (drivers == null) {
            return entries;
        }
        KeyValueStore<String, Object> kv = drivers.apply(store).getKeyValueStore(store);
        try (KeyValueIterator<String, Object> it = kv.all()) {
            it.forEachRemaining(e -> entries.put(e.key, AvroJson.toJson(e.value)));
        }
        return entries;
    }

    @Override
    public Optional<Object> localGet(String store, String key) {
        if (drivers == null) {
            return Optional.empty();
        }
        KeyValueStore<String, Object> kv = drivers.apply(store).getKeyValueStore(store);
        return Optional.ofNullable(kv.get(key)).map(AvroJson::toJson);
    }

    @Override
    public List<String> otherInstances(String store) {
        return peers;
    }

    @Override
    public Optional<String> remoteOwner(String store, String key) {
        return Optional.ofNullable(ownerOfEveryKey);
    }

    @Override
    public String state() {
        return "RUNNING";
    }

    @Override
    public boolean healthy() {
        return true;
    }
}
