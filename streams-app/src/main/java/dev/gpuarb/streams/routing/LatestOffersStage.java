package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.streams.stage.StageContext;
import dev.gpuarb.streams.validate.ValidatedPrices;
import java.time.Instant;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Reducer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The latest price of every offer by event time, GPU and token, for the API's offer views. A reduce
 * rather than a table, so that an out-of-order older price never replaces a newer one.
 */
public final class LatestOffersStage {

    /** offerId -> latest GpuPriceObservation by event time (compacted changelog). */
    public static final String OFFERS_GPU_STORE = "offers-gpu-latest";
    /** offerId -> latest TokenPriceObservation by event time. */
    public static final String OFFERS_TOKENS_STORE = "offers-tokens-latest";

    private LatestOffersStage() {}

    public static void apply(StageContext stage, ValidatedPrices prices) {
        latest(
                stage,
                prices.gpu(),
                stage.serdes().gpuPrice(),
                "latest-gpu-offer",
                OFFERS_GPU_STORE,
                newerByEventTime(GpuPriceObservation::getObservedAt));
        latest(
                stage,
                prices.tokens(),
                stage.serdes().tokenPrice(),
                "latest-token-offer",
                OFFERS_TOKENS_STORE,
                newerByEventTime(TokenPriceObservation::getObservedAt));
    }

    /** Keeps the later observation; an older one arriving late leaves the current in place. */
    private static <V> Reducer<V> newerByEventTime(Function<V, Instant> observedAt) {
        return (current, next) -> observedAt.apply(next).isBefore(observedAt.apply(current)) ? current : next;
    }

    private static <V> void latest(
            StageContext stage,
            KStream<String, V> prices,
            Serde<V> values,
            String name,
            String store,
            Reducer<V> newer) {
        prices.groupByKey(Grouped.with(stage.key(), values))
                .reduce(
                        newer,
                        Named.as(name),
                        Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(store)
                                .withKeySerde(stage.key())
                                .withValueSerde(values));
    }
}
