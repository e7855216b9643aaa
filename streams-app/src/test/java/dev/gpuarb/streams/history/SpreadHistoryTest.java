package dev.gpuarb.streams.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RegionPriceStats;
import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.WorkloadKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SpreadHistoryTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final HistoryLimits LIMITS = new HistoryLimits(Duration.ofHours(2), 100, 2);

    private static RegionPriceStats stats(String region, String provider, double min) {
        return RegionPriceStats.newBuilder()
                .setRegion(region)
                .setProvider(provider)
                .setMinPrice(min)
                .setMaxPrice(min + 1)
                .setMeanPrice(min + 0.5)
                .setSampleCount(2)
                .build();
    }

    private static RegionalSpread spread(int endHour, RegionPriceStats... regions) {
        return RegionalSpread.newBuilder()
                .setKind(WorkloadKind.GPU_HOURS)
                .setProduct("H100-80GB")
                .setPricingModel(PricingModel.SPOT)
                .setPriceUnit("USD/GPU-hour")
                .setWindowStart(T.plus(Duration.ofHours(endHour - 1)))
                .setWindowEnd(T.plus(Duration.ofHours(endHour)))
                .setRegions(List.of(regions))
                .setCheapestRegion("-")
                .setCheapestProvider("-")
                .setCheapestPrice(0)
                .setDearestRegion("-")
                .setDearestProvider("-")
                .setDearestPrice(0)
                .setSpreadPct(0)
                .setOfferCount(regions.length)
                .build();
    }

    private static SpreadHistory fold(RegionalSpread... spreads) {
        SpreadHistory h = SpreadHistory.empty(spreads[0]);
        for (RegionalSpread s : spreads) {
            h = h.with(s, LIMITS);
        }
        return h;
    }

    @Test
    void eachRegionKeepsItsCheapestProviderAndOnlyTheCheapestRegionsAreKept() {
        SpreadHistory h = fold(spread(
                1,
                stats("us-east-1", "aws", 4.0),
                stats("us-east-1", "lambda", 3.0),
                stats("eastus", "azure", 3.5),
                stats("eu-west-1", "aws", 5.0)));
        assertThat(h.windows()).hasSize(1);
        assertThat(h.windows().get(0).regions())
                .containsExactly(
                        new SpreadHistory.RegionPrice("us-east-1", "lambda", 3.0),
                        new SpreadHistory.RegionPrice("eastus", "azure", 3.5));
        SpreadHistory tie = fold(spread(1, stats("r", "zeta", 2.0), stats("r", "alpha", 2.0)));
        assertThat(tie.windows().get(0).regions().get(0).provider())
                .as("ties go to the first provider by name")
                .isEqualTo("alpha");
    }

    @Test
    void windowsStayInOrderAReplayedWindowReplacesItsOldSelfAndOldOnesFallOut() {
        SpreadHistory h =
                fold(spread(1, stats("a", "p", 1)), spread(3, stats("a", "p", 3)), spread(2, stats("a", "p", 2)));
        assertThat(h.windows()).extracting(w -> w.regions().get(0).price()).containsExactly(1.0, 2.0, 3.0);
        SpreadHistory replayed = h.with(spread(2, stats("a", "p", 2.5)), LIMITS);
        assertThat(replayed.windows())
                .extracting(w -> w.regions().get(0).price())
                .containsExactly(1.0, 2.5, 3.0);
        SpreadHistory later = replayed.with(spread(5, stats("a", "p", 5)), LIMITS); // ends before 5 - 2 = 3 h fall out
        assertThat(later.windows()).extracting(w -> w.regions().get(0).price()).containsExactly(3.0, 5.0);
    }

    @Test
    void theSerdeRoundTripsAndRefusesGarbage() {
        SpreadHistory h = fold(spread(1, stats("us-east-1", "aws", 4.0), stats("eastus", "azure", 3.5)), spread(2));
        SpreadHistorySerde serde = new SpreadHistorySerde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", h)))
                .isEqualTo(h);
        byte[] bytes = serde.serializer().serialize("t", h);
        bytes[0] = 7;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("spread history");
    }
}
