package dev.gpuarb.streams.api;

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

/** Interactive queries against a running KafkaStreams instance. */
public final class KafkaStreamsView implements StateView {

    private final KafkaStreams streams;
    private final HostInfo self;

    public KafkaStreamsView(KafkaStreams streams, String advertisedHostPort) {
        this.streams = streams;
        this.self = HostInfo.buildFromEndpoint(advertisedHostPort);
    }

    private ReadOnlyKeyValueStore<String, Object> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, Object>keyValueStore()));
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
        for (StreamsMetadata m : streams.streamsMetadataForStore(storeName)) {
            if (!m.hostInfo().equals(self)) {
                others.add(m.hostInfo().host() + ":" + m.hostInfo().port());
            }
        }
        return others;
    }

    @Override
    public Optional<String> remoteOwner(String storeName, String key) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(storeName, key, Serdes.String().serializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE) || metadata.activeHost().equals(self)) {
            return Optional.empty();
        }
        return Optional.of(metadata.activeHost().host() + ":" + metadata.activeHost().port());
    }

    @Override
    public String state() {
        return streams.state().name();
    }

    @Override
    public boolean healthy() {
        return streams.state() == KafkaStreams.State.RUNNING || streams.state() == KafkaStreams.State.REBALANCING;
    }
}
