package dev.gpuarb.streams.stage;

import dev.gpuarb.streams.config.AppConfig;
import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * What every stage is built from, and the one shape of a stage: a class with
 * {@code static ... apply(StageContext stage, inputs...)} that adds its nodes and stores to the
 * builder, writes its own output topic, and returns what later stages read.
 *
 * @param builder the topology being built
 * @param config the application settings
 * @param serdes the serdes of every public topic (internal values have theirs beside their types)
 * @param clock the wall clock, for the few wall-clock rules (validation's future skew)
 */
public record StageContext(StreamsBuilder builder, AppConfig config, AppSerdes serdes, Clock clock) {

    /** Keys are strings everywhere. */
    public Serde<String> key() {
        return serdes.key();
    }

    /** A processor with the stores it owns, so the stage need not name them again where it adds the processor. */
    public static <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> withStores(
            Supplier<Processor<KIn, VIn, KOut, VOut>> processor, StoreBuilder<?>... stores) {
        Set<StoreBuilder<?>> owned = Set.of(stores);
        return new ProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                return processor.get();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return owned;
            }
        };
    }

    /** A persistent key-value store, cached: writes to one key coalesce until the commit. */
    public <V> StoreBuilder<KeyValueStore<String, V>> cachedStore(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), key(), values)
                .withCachingEnabled();
    }
}
