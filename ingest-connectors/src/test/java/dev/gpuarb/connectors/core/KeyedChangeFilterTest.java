package dev.gpuarb.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.topics.Topic;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.GpuModels;
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
            GpuOffer offer = new GpuOffer("test", "acme", "r1", null, "i" + i,
                    GpuModels.forAwsInstanceType("g6.xlarge").orElseThrow(), PricingModel.ON_DEMAND, prices[i], "USD",
                    Instant.EPOCH, Map.of());
            r.accept(offer.toPriceItem(CurrencyRates.defaults(), PriceLimits.defaults()).value());
        }
        return r;
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

        assertThat(resent).extracting(Emission::key)
                .containsExactly("acme|r1||i2|ON_DEMAND", "acme|r1||i3|ON_DEMAND");
        commit(resent);
        assertThat(new KeyedChangeFilter("test", Duration.ZERO, clock).filter(snapshot(1.0, 2.0, 3.0, 4.0), store))
                .as("nothing left after everything was committed").isEmpty();
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
