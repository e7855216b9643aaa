package dev.gpuarb.streams.history;

import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.streams.stage.StageContext;
import dev.gpuarb.topics.Topic;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
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
 * Recent history for the live page's charts, kept by the analytics application so routing's path does
 * no extra work: each route's decisions, read back from {@code routes.updates}, and each GPU product's
 * cheapest price per region per closed spread window. Both stores are keyed like their input (route
 * id; kind|product|pricingModel), cached, changelogged and bounded by {@link HistoryLimits}.
 */
public final class HistoryStage {

    /** routeId -> {@link RouteTrail}. */
    public static final String ROUTE_TRAILS_STORE = "route-trails";
    /** kind|product|pricingModel -> {@link SpreadHistory} (GPU spreads only). */
    public static final String SPREAD_HISTORY_STORE = "spread-history";

    private HistoryStage() {}

    /** Route trails, the part of the history that reads a topic of its own (spread history rides on stage 2). */
    public static void apply(StageContext stage) {
        routeTrails(stage.builder(), stage.key(), stage.serdes().routeUpdate(), HistoryLimits.from(stage.config()));
    }

    /** Reads the route updates the routing application wrote and keeps each route's trail. */
    private static void routeTrails(
            StreamsBuilder builder, Serde<String> key, Serde<RouteUpdate> updates, HistoryLimits limits) {
        builder.stream(
                        Topic.ROUTE_UPDATES.topicName(),
                        Consumed.with(key, updates).withName("route-updates-for-trails"))
                .filter((routeId, update) -> routeId != null && update != null, Named.as("route-updates-with-key"))
                .processValues(
                        keeper(
                                ROUTE_TRAILS_STORE,
                                key,
                                new RouteTrailSerde(),
                                update -> RouteTrail.empty(update.getRouteId()),
                                (trail, update) -> trail.with(update, limits)),
                        Named.as("route-trails"));
    }

    /** Keeps the history of every GPU spread that passes, and passes the spreads on unchanged. */
    public static KStream<String, RegionalSpread> spreadHistory(
            KStream<String, RegionalSpread> spreads, Serde<String> key, HistoryLimits limits) {
        KStream<String, RegionalSpread> gpu = spreads.filter(
                (k, s) -> s != null && s.getKind() == WorkloadKind.GPU_HOURS, Named.as("gpu-spreads-for-history"));
        gpu.processValues(
                keeper(
                        SPREAD_HISTORY_STORE,
                        key,
                        new SpreadHistorySerde(),
                        SpreadHistory::empty,
                        (history, spread) -> history.with(spread, limits)),
                Named.as("spread-history"));
        return spreads;
    }

    /** A processor that folds each value into the stored one; it forwards nothing. */
    private static <V, S> FixedKeyProcessorSupplier<String, V, Void> keeper(
            String storeName, Serde<String> key, Serde<S> stateSerde, Function<V, S> empty, BiFunction<S, V, S> fold) {
        StoreBuilder<KeyValueStore<String, S>> store = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(storeName), key, stateSerde)
                .withCachingEnabled();
        return new FixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<String, V, Void> get() {
                return new FixedKeyProcessor<>() {
                    private KeyValueStore<String, S> state;

                    @Override
                    public void init(FixedKeyProcessorContext<String, Void> context) {
                        state = context.getStateStore(storeName);
                    }

                    @Override
                    public void process(FixedKeyRecord<String, V> record) {
                        S before = state.get(record.key());
                        state.put(
                                record.key(),
                                fold.apply(before == null ? empty.apply(record.value()) : before, record.value()));
                    }
                };
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store);
            }
        };
    }
}
