package dev.gpuarb.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.topics.Topic;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.RejectReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class KeyedChangeFilterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    /** Stands in for Connect's offset store: what was committed. */
    private final Map<Map<String, Object>, Map<String, Object>> committed = new HashMap<>();

    private final OffsetLookup store = partitions -> {
        Map<Map<String, Object>, Map<String, Object>> found = new HashMap<>();
        partitions.forEach(p -> {
            if (committed.containsKey(p)) {
                found.put(p, committed.get(p));
            }
        });
        return found;
    };

    private static ParseResult snapshot(double... prices) {
        ParseResult r = new ParseResult();
        for (int i = 0; i < prices.length; i++) {
            GpuOffer offer = new GpuOffer(
                    "test",
                    "acme",
                    "r1",
                    null,
                    "i" + i,
                    GpuModels.forAwsInstanceType("g6.xlarge").orElseThrow(),
                    PricingModel.ON_DEMAND,
                    prices[i],
                    "USD",
                    Instant.EPOCH,
                    Map.of());
            r.accept(offer.toPriceItem(CurrencyRates.defaults(), PriceLimits.defaults())
                    .value());
        }
        return r;
    }

    /** A listing of offers i0, i1, ... by name: {@code listing("a", 1.0, "b", 2.0)}. */
    private static ParseResult listing(Object... namesAndPrices) {
        ParseResult r = new ParseResult();
        for (int i = 0; i < namesAndPrices.length; i += 2) {
            GpuOffer offer = new GpuOffer(
                    "test",
                    "acme",
                    "r1",
                    null,
                    (String) namesAndPrices[i],
                    GpuModels.forAwsInstanceType("g6.xlarge").orElseThrow(),
                    PricingModel.ON_DEMAND,
                    (Double) namesAndPrices[i + 1],
                    "USD",
                    Instant.parse("2026-02-28T00:00:00Z"),
                    Map.of());
            r.accept(offer.toPriceItem(CurrencyRates.defaults(), PriceLimits.defaults())
                    .value());
        }
        return r;
    }

    private static String key(String name) {
        return "acme|r1||" + name + "|ON_DEMAND";
    }

    private void commit(List<Emission> emissions) {
        emissions.forEach(e -> committed.put(new HashMap<>(e.sourcePartition()), new HashMap<>(e.sourceOffset())));
    }

    @Test
    void sendsOnlyChangedPrices() {
        KeyedChangeFilter filter = new KeyedChangeFilter("test", Duration.ZERO, clock);
        assertThat(filter.filter(snapshot(1.0, 2.0, 3.0), store)).hasSize(3);
        assertThat(filter.filter(snapshot(1.0, 2.0, 3.0), store)).isEmpty();
        List<Emission> changed = filter.filter(snapshot(1.0, 2.5, 3.0), store);
        assertThat(changed).extracting(Emission::key).containsExactly("acme|r1||i1|ON_DEMAND");
        assertThat(filter.unchangedCount()).isEqualTo(5);
    }

    @Test
    void heartbeatResendsUnchangedPricesAfterTheInterval() {
        KeyedChangeFilter filter = new KeyedChangeFilter("test", Duration.ofMinutes(10), clock);
        filter.filter(snapshot(1.0), store);
        clock.advance(Duration.ofMinutes(9));
        assertThat(filter.filter(snapshot(1.0), store)).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(filter.filter(snapshot(1.0), store)).hasSize(1);
    }

    @Test
    void restartResendsExactlyWhatWasNotCommitted() {
        KeyedChangeFilter first = new KeyedChangeFilter("test", Duration.ZERO, clock);
        List<Emission> sent = first.filter(snapshot(1.0, 2.0, 3.0, 4.0), store);
        // The worker acknowledged and committed only the first two before it died.
        commit(sent.subList(0, 2));

        KeyedChangeFilter restarted = new KeyedChangeFilter("test", Duration.ZERO, clock);
        List<Emission> resent = restarted.filter(snapshot(1.0, 2.0, 3.0, 4.0), store);

        assertThat(resent).extracting(Emission::key).containsExactly("acme|r1||i2|ON_DEMAND", "acme|r1||i3|ON_DEMAND");
        commit(resent);
        assertThat(new KeyedChangeFilter("test", Duration.ZERO, clock).filter(snapshot(1.0, 2.0, 3.0, 4.0), store))
                .as("nothing left after everything was committed")
                .isEmpty();
    }

    @Test
    void eachBadInputIsReportedOnce() {
        KeyedChangeFilter filter = new KeyedChangeFilter("test", Duration.ofSeconds(1), clock);
        ParseResult bad = new ParseResult();
        bad.reject(new Rejection("test", RejectReason.UNKNOWN_GPU, "unknown", "row", "f.csv:3"));
        List<Emission> first = filter.filter(bad, store);
        assertThat(first).singleElement().satisfies(e -> {
            assertThat(e.topic()).isEqualTo(Topic.REJECTED);
            assertThat(e.key()).isEqualTo("test");
        });
        clock.advance(Duration.ofMinutes(5));
        assertThat(filter.filter(bad, store)).isEmpty();
    }

    @Test
    void anOfferMissingFromACompleteSnapshotIsWithdrawnOnceWithItsLastPrice() {
        KeyedChangeFilter filter = new KeyedChangeFilter("test", Duration.ZERO, clock);
        assertThat(filter.filter(listing("a", 1.0, "b", 2.0), store)).hasSize(2);
        clock.advance(Duration.ofMinutes(1));
        Instant now = Instant.parse("2026-03-01T00:01:00Z");

        List<Emission> withdrawn = filter.filter(listing("a", 1.0), store);

        assertThat(withdrawn).singleElement().satisfies(e -> {
            assertThat(e.topic()).isEqualTo(Topic.GPU_PRICES);
            assertThat(e.key()).isEqualTo(key("b"));
            GpuPriceObservation v = (GpuPriceObservation) e.value();
            assertThat(v.getWithdrawn()).isTrue();
            assertThat(v.getObservedAt()).as("when the listing was read").isEqualTo(now);
            assertThat(v.getValidUntil()).isNull();
            assertThat(v.getUsdPerHour()).as("the last price sent").isEqualTo(2.0);
            assertThat(e.sourceOffset().get("withdrawn")).isEqualTo(true);
            assertThat(e.sourceOffset().get("at")).isEqualTo(now.toEpochMilli());
        });
        assertThat(filter.filter(listing("a", 1.0), store)).as("withdrawn once").isEmpty();
    }

    @Test
    void anIncompleteSnapshotWithdrawsNothing() {
        KeyedChangeFilter filter = new KeyedChangeFilter("test", Duration.ZERO, clock);
        filter.filter(listing("a", 1.0, "b", 2.0), store);
        ParseResult cutShort = listing("a", 1.0);
        cutShort.reject(new Rejection("test", RejectReason.MALFORMED_ROW, "broken quote", "", "f.csv:3"));
        cutShort.markIncomplete();

        assertThat(filter.filter(cutShort, store)).extracting(Emission::topic).containsExactly(Topic.REJECTED);
        assertThat(filter.filter(listing("a", 1.0), store))
                .extracting(Emission::key)
                .containsExactly(key("b"));
    }

    @Test
    void aRejectionThatGoesAwayIsNotWithdrawn() {
        KeyedChangeFilter filter = new KeyedChangeFilter("test", Duration.ZERO, clock);
        ParseResult withBadRow = listing("a", 1.0);
        withBadRow.reject(new Rejection("test", RejectReason.UNKNOWN_GPU, "unknown", "row", "f.csv:3"));
        assertThat(filter.filter(withBadRow, store)).hasSize(2);

        assertThat(filter.filter(listing("a", 1.0), store)).isEmpty();
    }

    @Test
    void anOfferThatComesBackIsSentAgainEvenAtItsOldPrice() {
        KeyedChangeFilter filter = new KeyedChangeFilter("test", Duration.ZERO, clock);
        filter.filter(listing("a", 1.0, "b", 2.0), store);
        filter.filter(listing("a", 1.0), store);

        assertThat(filter.filter(listing("a", 1.0, "b", 2.0), store))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.key()).isEqualTo(key("b"));
                    assertThat(((GpuPriceObservation) e.value()).getWithdrawn()).isFalse();
                });
    }

    @Test
    void aRestartNeitherRepeatsAWithdrawalNorMissesAReturn() {
        KeyedChangeFilter first = new KeyedChangeFilter("test", Duration.ZERO, clock);
        commit(first.filter(listing("a", 1.0, "b", 2.0), store));
        commit(first.filter(listing("a", 1.0), store));

        KeyedChangeFilter restarted = new KeyedChangeFilter("test", Duration.ZERO, clock);
        assertThat(restarted.filter(listing("a", 1.0), store)).isEmpty();
        assertThat(restarted.filter(listing("a", 1.0, "b", 2.0), store))
                .extracting(Emission::key)
                .as("its committed offset says withdrawn: back at the same price is a change")
                .containsExactly(key("b"));
    }

    @Test
    void afterARestartAnOfferListedAgainCanBeWithdrawn() {
        KeyedChangeFilter first = new KeyedChangeFilter("test", Duration.ZERO, clock);
        commit(first.filter(listing("a", 1.0, "b", 2.0), store));

        KeyedChangeFilter restarted = new KeyedChangeFilter("test", Duration.ZERO, clock);
        assertThat(restarted.filter(listing("a", 1.0, "b", 2.0), store))
                .as("nothing changed")
                .isEmpty();
        assertThat(restarted.filter(listing("a", 1.0), store)).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(key("b"));
            assertThat(((GpuPriceObservation) e.value()).getUsdPerHour()).isEqualTo(2.0);
            assertThat(((GpuPriceObservation) e.value()).getWithdrawn()).isTrue();
        });
    }

    @Test
    void aHeartbeatResendsTheCurrentValueAndCountsIt() {
        KeyedChangeFilter filter = new KeyedChangeFilter("test", Duration.ofMinutes(15), clock);
        filter.filter(listing("a", 1.0), store);
        clock.advance(Duration.ofMinutes(15));

        List<Emission> again = filter.filter(listing("a", 1.0), store);

        assertThat(again).extracting(Emission::key).containsExactly(key("a"));
        assertThat(again.get(0).sourceOffset().get("at"))
                .isEqualTo(Instant.parse("2026-03-01T00:15:00Z").toEpochMilli());
        assertThat(filter.reconfirmedCount()).isEqualTo(1);
    }

    /** A clock a test moves by hand (also used by the simulator's tests). */
    public static final class MutableClock extends Clock {
        private Instant now;

        public MutableClock(Instant now) {
            this.now = now;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
