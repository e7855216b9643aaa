package dev.gpuarb.streams.routing;

import dev.gpuarb.streams.stage.StageContext;
import dev.gpuarb.streams.validate.ValidatedPrices;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;

/**
 * The latest price of every offer by event time, GPU and token, kept for the API's offer views, and
 * every price that changes it on its way to the route engine ({@link LatestOfferProcessor}): an
 * out-of-order older price never replaces a newer one and goes no further.
 */
public final class LatestOffersStage {

    /** offerId -> latest GpuPriceObservation by event time (compacted changelog). */
    public static final String OFFERS_GPU_STORE = "offers-gpu-latest";
    /** offerId -> latest TokenPriceObservation by event time. */
    public static final String OFFERS_TOKENS_STORE = "offers-tokens-latest";

    private LatestOffersStage() {}

    /** The offers whose latest price changed, keyed as they came in, for the route engine's hop. */
    public static KStream<String, RoutedOffer> apply(StageContext stage, ValidatedPrices prices) {
        KStream<String, RoutedOffer> gpu = prices.gpu()
                .processValues(
                        () -> new LatestOfferProcessor<>(OFFERS_GPU_STORE, LatestOfferProcessor.GPU),
                        Named.as("latest-gpu-offer"),
                        addStore(stage, OFFERS_GPU_STORE, stage.serdes().gpuPrice()));
        KStream<String, RoutedOffer> tokens = prices.tokens()
                .processValues(
                        () -> new LatestOfferProcessor<>(OFFERS_TOKENS_STORE, LatestOfferProcessor.TOKENS),
                        Named.as("latest-token-offer"),
                        addStore(stage, OFFERS_TOKENS_STORE, stage.serdes().tokenPrice()));
        return gpu.merge(tokens, Named.as("latest-offers"));
    }

    /**
     * Timestamped, as the reduce that kept these stores before was, so state and changelogs written by
     * earlier versions are read as they are.
     */
    private static <V> String addStore(StageContext stage, String name, Serde<V> values) {
        StoreBuilder<TimestampedKeyValueStore<String, V>> store = Stores.timestampedKeyValueStoreBuilder(
                        Stores.persistentTimestampedKeyValueStore(name), stage.key(), values)
                .withCachingEnabled();
        stage.builder().addStateStore(store);
        return name;
    }
}
