package dev.gpuarb.streams.common;

import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Keeps the last value per key of a stream in a queryable store and passes the stream on unchanged.
 * Unlike toTable() it adds no repartition topic after a key change: the stream is already partitioned
 * by the new key upstream, so the store stays aligned with the key.
 */
public final class LatestByKey {

    private LatestByKey() {}

    public static <V> KStream<String, V> remember(
            KStream<String, V> stream, String storeName, Serde<String> keySerde, Serde<V> valueSerde) {
        StoreBuilder<KeyValueStore<String, V>> store =
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName), keySerde, valueSerde);
        FixedKeyProcessorSupplier<String, V, V> supplier = new FixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<String, V, V> get() {
                return new Remember<>(storeName);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store);
            }
        };
        return stream.processValues(supplier, Named.as(storeName + "-remember"));
    }

    private static final class Remember<V> implements FixedKeyProcessor<String, V, V> {
        private final String storeName;
        private FixedKeyProcessorContext<String, V> context;
        private KeyValueStore<String, V> store;

        Remember(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, V> context) {
            this.context = context;
            this.store = context.getStateStore(storeName);
        }

        @Override
        public void process(FixedKeyRecord<String, V> record) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
            context.forward(record);
        }
    }
}
