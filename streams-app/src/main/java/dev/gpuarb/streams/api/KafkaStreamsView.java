package dev.gpuarb.streams.api;

import dev.gpuarb.streams.api.resources.Resource;
import dev.gpuarb.streams.config.StreamsApp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries against the running applications: each store is read from the application that
 * keeps it ({@link Resource#app()}); a store of an application this process does not run is not served.
 */
public final class KafkaStreamsView implements StateView {

    private final Map<StreamsApp, KafkaStreams> apps;
    private final HostInfo self;

    public KafkaStreamsView(Map<StreamsApp, KafkaStreams> apps, String advertisedHostPort) {
        this.apps = Map.copyOf(apps);
        this.self = HostInfo.buildFromEndpoint(advertisedHostPort);
    }

    @Override
    public boolean serves(String storeName) {
        return owner(storeName) != null;
    }

    private KafkaStreams owner(String storeName) {
        return Resource.ALL.stream()
                .filter(r -> r.store().equals(storeName))
                .findFirst()
                .map(r -> apps.get(r.app()))
                .orElse(null);
    }

    private KafkaStreams streams(String storeName) {
        KafkaStreams streams = owner(storeName);
        if (streams == null) {
            throw new IllegalStateException("store " + storeName + " is not kept by an application of this process");
        }
        return streams;
    }

    private ReadOnlyKeyValueStore<String, Object> store(String name) {
        return streams(name)
                .store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, Object>keyValueStore()));
    }

    @Override
    public Map<String, Object> localEntries(String storeName) {
        Map<String, Object> entries = new LinkedHashMap<>();
        try (KeyValueIterator<String, Object> it = store(storeName).all()) {
            it.forEachRemaining(kv -> entries.put(kv.key, AvroJson.toJson(kv.value)));
        }
        return entries;
    }

    @Override
    public Optional<Object> localGet(String storeName, String key) {
        return Optional.ofNullable(store(storeName).get(key)).map(AvroJson::toJson);
    }

    @Override
    public List<String> otherInstances(String storeName) {
        List<String> others = new ArrayList<>();
        for (StreamsMetadata m : streams(storeName).streamsMetadataForStore(storeName)) {
            if (!m.hostInfo().equals(self)) {
                others.add(m.hostInfo().host() + ":" + m.hostInfo().port());
            }
        }
        return others;
    }

    @Override
    public Optional<String> remoteOwner(String storeName, String key) {
        KeyQueryMetadata metadata = streams(storeName)
                .queryMetadataForKey(storeName, key, Serdes.String().serializer());
        if (metadata == null
                || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)
                || metadata.activeHost().equals(self)) {
            return Optional.empty();
        }
        return Optional.of(
                metadata.activeHost().host() + ":" + metadata.activeHost().port());
    }

    /** The first application's state that is not RUNNING, else RUNNING. */
    @Override
    public String state() {
        return apps.values().stream()
                .map(KafkaStreams::state)
                .filter(s -> s != KafkaStreams.State.RUNNING)
                .findFirst()
                .orElse(KafkaStreams.State.RUNNING)
                .name();
    }

    @Override
    public boolean healthy() {
        return apps.values().stream()
                .allMatch(s -> s.state() == KafkaStreams.State.RUNNING || s.state() == KafkaStreams.State.REBALANCING);
    }
}
