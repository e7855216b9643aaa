package dev.gpuarb.streams.effect;

import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.TimeOfDayProfile;
import dev.gpuarb.streams.common.LatestByKey;
import dev.gpuarb.streams.history.HistoryLimits;
import dev.gpuarb.streams.history.HistoryStage;
import dev.gpuarb.streams.stage.StageContext;
import dev.gpuarb.topics.Topic;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * Stages 2 and 3: regional spreads (spreads.regional) and time-of-day profiles (profiles.time-of-day)
 * over prices in effect, from one processor ({@link PricesInEffectProcessor}) that keeps each offer's
 * timeline and closes panes by stream time; also the latest of each for the API and the spread history
 * the live page charts.
 */
public final class PricesInEffectStage {

    /** kind|product|pricingModel -> the last RegionalSpread emitted. */
    public static final String SPREADS_LATEST_STORE = "spreads-latest";
    /** product|pricingModel|region -> the last TimeOfDayProfile emitted. */
    public static final String PROFILES_LATEST_STORE = "profiles-latest";

    private PricesInEffectStage() {}

    public static void apply(StageContext stage, KStream<String, PriceEvent> byProduct) {
        Serde<String> key = stage.key();
        EffectWindows windows = EffectWindows.of(
                stage.config().spreadsWindowSize(),
                stage.config().spreadsWindowAdvance(),
                stage.config().grace(),
                stage.config().profilesHorizon());
        ProcessorSupplier<String, PriceEvent, String, Closed> effect = StageContext.withStores(
                () -> new PricesInEffectProcessor(windows),
                stage.cachedStore(EffectStores.TIMELINES, new OfferTimelineSerde()),
                stage.cachedStore(EffectStores.PANES, new PaneTotalsSerde()),
                stage.cachedStore(EffectStores.DAYS, new DayTotalsSerde()),
                stage.cachedStore(EffectStores.CLOCK, Serdes.Long()));
        Map<String, KStream<String, Closed>> closed = byProduct
                .process(effect, Named.as("prices-in-effect"))
                .split(Named.as("closed-"))
                .branch((k, c) -> c instanceof Closed.Spread, Branched.as("spreads"))
                .defaultBranch(Branched.as("profiles"));
        KStream<String, RegionalSpread> spreads =
                closed.get("closed-spreads").mapValues(c -> ((Closed.Spread) c).value(), Named.as("spreads-to-record"));
        Serde<RegionalSpread> spreadSerde = stage.serdes().regionalSpread();
        LatestByKey.remember(
                        HistoryStage.spreadHistory(spreads, key, HistoryLimits.from(stage.config())),
                        SPREADS_LATEST_STORE,
                        key,
                        spreadSerde)
                .to(
                        Topic.REGIONAL_SPREADS.topicName(),
                        Produced.with(key, spreadSerde).withName("spreads-sink"));
        // Profiles are keyed by region too: the store that serves them must be partitioned by that key.
        // Profiles are few (one per product and region a day), so this hop costs nothing per price.
        Serde<TimeOfDayProfile> profileSerde = stage.serdes().timeOfDayProfile();
        KStream<String, TimeOfDayProfile> profiles = closed.get("closed-profiles")
                .mapValues(c -> ((Closed.Profile) c).value(), Named.as("profiles-to-record"))
                .repartition(Repartitioned.with(key, profileSerde).withName("profiles-by-region"));
        LatestByKey.remember(profiles, PROFILES_LATEST_STORE, key, profileSerde)
                .to(
                        Topic.TIME_OF_DAY_PROFILES.topicName(),
                        Produced.with(key, profileSerde).withName("profiles-sink"));
    }
}
