package dev.gpuarb.connectors.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.connectors.core.Emission;
import dev.gpuarb.connectors.core.KeyedChangeFilterTest;
import dev.gpuarb.connectors.core.OffsetLookup;
import dev.gpuarb.connectors.core.TaskHarness;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    private static SimulatorSource source(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of(
                SimulatorConfig.GPU_OFFERS,
                "120",
                SimulatorConfig.TOKEN_OFFERS,
                "12",
                SimulatorConfig.TICKS_PER_POLL,
                "50",
                SimulatorConfig.OBSERVATIONS_PER_TICK,
                "5"));
        props.putAll(extra);
        // A clock that stands still: no heartbeat comes due, so what is sent is the market's changes alone.
        return new SimulatorSource(new SimulatorConfig(props), new KeyedChangeFilterTest.MutableClock(Instant.now()));
    }

    private static List<Emission> run(SimulatorSource source, int polls) {
        List<Emission> all = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            all.addAll(source.poll(OffsetLookup.none()));
        }
        return all;
    }

    @Test
    void neverSimulatesATickDatedAfterTheWallClockThenFollowsIt() {
        // Fixed, independent expectations: ticks each simulated minute from 30 min before "now".
        Instant now = Instant.parse("2026-06-01T12:00:30Z");
        KeyedChangeFilterTest.MutableClock clock = new KeyedChangeFilterTest.MutableClock(now);
        Map<String, String> props = new HashMap<>(Map.of(
                SimulatorConfig.GPU_OFFERS,
                "40",
                SimulatorConfig.TOKEN_OFFERS,
                "4",
                SimulatorConfig.TICKS_PER_POLL,
                "1000",
                SimulatorConfig.START,
                "2026-06-01T11:30:00Z"));
        SimulatorSource source = new SimulatorSource(new SimulatorConfig(props), clock);

        List<Emission> first = source.poll(OffsetLookup.none());
        assertThat(first).isNotEmpty();
        assertThat(first).allSatisfy(e -> assertThat(eventTime(e)).isBefore(now.plusSeconds(61)));
        // ticks 11:30 .. 12:00 inclusive: 31 ticks, then it waits for the clock
        assertThat(source.nextTick()).isEqualTo(31);
        assertThat(source.poll(OffsetLookup.none())).isEmpty();

        clock.advance(Duration.ofMinutes(3));
        source.poll(OffsetLookup.none());
        assertThat(source.nextTick()).isEqualTo(34);
    }

    @Test
    void withoutTheWallClockTicksRunAtTheTickRateWhateverTheirDate() {
        Instant now = Instant.parse("2026-06-01T12:00:30Z");
        Map<String, String> props = new HashMap<>(Map.of(
                SimulatorConfig.GPU_OFFERS,
                "40",
                SimulatorConfig.TOKEN_OFFERS,
                "4",
                SimulatorConfig.TICKS_PER_POLL,
                "100",
                SimulatorConfig.START,
                "2026-06-01T11:30:00Z",
                SimulatorConfig.FOLLOW_WALL_CLOCK,
                "false"));
        SimulatorSource source =
                new SimulatorSource(new SimulatorConfig(props), new KeyedChangeFilterTest.MutableClock(now));
        source.poll(OffsetLookup.none());
        assertThat(source.nextTick()).isEqualTo(100);
    }

    @Test
    void unchangedPricesAreSentAgainWithAWallClockValidUntilAndTheirOwnObservedAt() throws Exception {
        Instant now = Instant.parse("2026-06-01T12:00:30Z");
        KeyedChangeFilterTest.MutableClock clock = new KeyedChangeFilterTest.MutableClock(now);
        // poll.interval.ms 1000 (the default): TTL 3 s, heartbeat 1.5 s.
        TaskHarness harness = new TaskHarness(
                        SimulatorSourceTask::new,
                        Map.of(
                                SimulatorConfig.GPU_OFFERS,
                                "40",
                                SimulatorConfig.TOKEN_OFFERS,
                                "4",
                                SimulatorConfig.TICKS_PER_POLL,
                                "1000",
                                SimulatorConfig.START,
                                "2026-06-01T11:30:00Z"))
                .withClock(clock);
        harness.start();
        List<SourceRecord> first = harness.poll();
        Map<String, Struct> lastSent = new HashMap<>();
        first.stream()
                .filter(r -> !r.topic().equals("endpoint.obs"))
                .forEach(r -> lastSent.put((String) r.key(), (Struct) r.value()));
        assertThat(lastSent.values())
                .allSatisfy(v -> assertThat(v.get("validUntil"))
                        .as("wall clock + 3 s, whatever the simulated time")
                        .isEqualTo(Date.from(now.plusSeconds(3))));

        clock.advance(Duration.ofMillis(1500));
        List<SourceRecord> again = harness.poll();

        // 12:01 is still ahead of the clock, so no tick ran: every record is a re-send of a listed offer's price.
        assertThat(again).isNotEmpty().allSatisfy(r -> {
            Struct v = (Struct) r.value();
            Struct before = lastSent.get((String) r.key());
            assertThat(v.get("observedAt")).isEqualTo(before.get("observedAt"));
            assertThat(price(v)).isEqualTo(price(before));
            assertThat(v.get("validUntil")).isEqualTo(Date.from(now.plusMillis(4500)));
        });
        List<String> onDemandAndTokens = lastSent.entrySet().stream()
                .filter(e -> e.getValue().schema().field("pricingModel") == null
                        || e.getValue().getString("pricingModel").equals(PricingModel.ON_DEMAND.name()))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(again).extracting(r -> (String) r.key()).containsAll(onDemandAndTokens);
        // The offset of a re-send is that of the last record of the last tick (ticks 0..30 ran).
        Object lastSeq = first.get(first.size() - 1).sourceOffset().get("seq");
        assertThat(again).allSatisfy(r -> {
            assertThat(r.sourceOffset().get("tick")).isEqualTo(30L);
            assertThat(r.sourceOffset().get("seq")).isEqualTo(lastSeq);
        });
        clock.advance(Duration.ofSeconds(1));
        assertThat(harness.poll())
                .as("confirmed a second ago, and 12:01 not reached")
                .isEmpty();

        // Only re-sends acknowledged, then a restart: tick 30 is not sent again, every price is re-sent once.
        harness.commit(again);
        harness.stop();
        harness.start();
        List<SourceRecord> resumed = harness.poll();
        assertThat(resumed).extracting(SourceRecord::topic).doesNotContain("endpoint.obs");
        assertThat(resumed)
                .extracting(r -> (String) r.key())
                .containsExactlyInAnyOrderElementsOf(
                        again.stream().map(r -> (String) r.key()).toList());
        harness.stop();
    }

    /** The price of a GPU record, the output price of a token record. */
    private static Object price(Struct v) {
        return v.schema().field("usdPerHour") != null ? v.get("usdPerHour") : v.get("usdPerMillionOutput");
    }

    private static Instant eventTime(Emission e) {
        if (e.value() instanceof GpuPriceObservation o) {
            return o.getObservedAt();
        }
        if (e.value() instanceof dev.gpuarb.avro.TokenPriceObservation o) {
            return o.getObservedAt();
        }
        return ((dev.gpuarb.avro.EndpointObservation) e.value()).getAt();
    }

    @Test
    void theSameSeedGivesTheSameMarket() {
        List<Emission> a = run(source(Map.of()), 4);
        List<Emission> b = run(source(Map.of()), 4);
        List<Emission> other = run(source(Map.of(SimulatorConfig.SEED, "7")), 4);
        assertThat(a).isNotEmpty();
        assertThat(a)
                .extracting(Emission::value)
                .isEqualTo(b.stream().map(Emission::value).toList());
        assertThat(a)
                .extracting(Emission::value)
                .isNotEqualTo(other.stream().map(Emission::value).toList());
    }

    @Test
    void onlyChangedPricesAreSent() {
        Map<String, Double> last = new HashMap<>();
        for (Emission e : run(source(Map.of()), 20)) {
            if (e.value() instanceof GpuPriceObservation o) {
                Double previous = last.put(o.getOfferId(), o.getUsdPerHour());
                assertThat(o.getUsdPerHour()).as("changed: %s", o.getOfferId()).isNotEqualTo(previous);
                assertThat(o.getUsdPerGpuHour()).isPositive();
            }
        }
        assertThat(last).hasSizeGreaterThan(50);
    }

    @Test
    void spotIsCheaperAtNightThanInTheAfternoonLocalTime() {
        // 1 tick = 30 simulated minutes; 30 days.
        SimulatorSource source = source(Map.of(
                SimulatorConfig.TICK_MILLIS,
                "1800000",
                SimulatorConfig.GPU_OFFERS,
                "200",
                SimulatorConfig.TICKS_PER_POLL,
                "1440",
                SimulatorConfig.OBSERVATIONS_PER_TICK,
                "0"));
        double night = 0, afternoon = 0;
        int nightN = 0, afternoonN = 0;
        for (Emission e : source.poll(OffsetLookup.none())) {
            if (e.value() instanceof GpuPriceObservation o
                    && o.getPricingModel() == PricingModel.SPOT
                    && o.getRegion().equals("us-east-1")) {
                int hour = o.getObservedAt().atOffset(ZoneOffset.ofHours(-5)).getHour();
                double relative = o.getUsdPerGpuHour();
                if (hour >= 1 && hour <= 5) {
                    night += relative;
                    nightN++;
                } else if (hour >= 13 && hour <= 17) {
                    afternoon += relative;
                    afternoonN++;
                }
            }
        }
        assertThat(nightN).isPositive();
        assertThat(afternoonN).isPositive();
        assertThat(night / nightN).isLessThan(afternoon / afternoonN);
    }

    @Test
    void regionalPremiaMakeTheSameOfferDearerInTokyoThanInOregon() {
        List<MarketModel.GpuOfferSpec> offers = MarketModel.gpuOffers(42, 2000);
        double tokyo = MarketParameters.REGIONS.get("ap-northeast-1").premium();
        double oregon = MarketParameters.REGIONS.get("us-west-2").premium();
        assertThat(tokyo).isGreaterThan(oregon);
        Map<String, double[]> perRegion = new HashMap<>();
        for (MarketModel.GpuOfferSpec spec : offers) {
            if (spec.provider().id().equals("simcloud-a") && spec.pricingModel() == PricingModel.ON_DEMAND) {
                MarketModel.GpuState s = new MarketModel.GpuState(spec, 42);
                double perGpu = s.listPrice / spec.count() / spec.gpu().usdPerGpuHour();
                perRegion.computeIfAbsent(spec.region().id(), k -> new double[2]);
                perRegion.get(spec.region().id())[0] += perGpu;
                perRegion.get(spec.region().id())[1]++;
            }
        }
        double tokyoMean = perRegion.get("ap-northeast-1")[0] / perRegion.get("ap-northeast-1")[1];
        double oregonMean = perRegion.get("us-west-2")[0] / perRegion.get("us-west-2")[1];
        assertThat(tokyoMean).isGreaterThan(oregonMean);
    }

    @Test
    void marketplaceListingsChurn() {
        SimulatorSource source = source(Map.of(
                SimulatorConfig.GPU_OFFERS,
                "100",
                SimulatorConfig.TICKS_PER_POLL,
                "1500",
                SimulatorConfig.OBSERVATIONS_PER_TICK,
                "0"));
        Map<String, Set<Double>> marketplacePrices = new HashMap<>();
        for (Emission e : source.poll(OffsetLookup.none())) {
            if (e.value() instanceof GpuPriceObservation o && o.getPricingModel() == PricingModel.MARKETPLACE) {
                marketplacePrices
                        .computeIfAbsent(o.getOfferId(), k -> new HashSet<>())
                        .add(o.getUsdPerHour());
            }
        }
        assertThat(marketplacePrices).isNotEmpty();
        assertThat(marketplacePrices.values())
                .anySatisfy(prices -> assertThat(prices).hasSizeGreaterThan(10));
    }

    @Test
    void endpointObservationsFollowEachProvidersLatency() {
        SimulatorSource source =
                source(Map.of(SimulatorConfig.OBSERVATIONS_PER_TICK, "200", SimulatorConfig.TICKS_PER_POLL, "20"));
        Map<String, List<Double>> latencies = new HashMap<>();
        for (Emission e : source.poll(OffsetLookup.none())) {
            if (e.value() instanceof dev.gpuarb.avro.EndpointObservation o) {
                latencies
                        .computeIfAbsent(o.getEndpointId().split("\\|")[0], k -> new ArrayList<>())
                        .add(o.getLatencyMs());
            }
        }
        assertThat(median(latencies.get("simfast"))).isLessThan(median(latencies.get("simcheap")));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    @Test
    void restartsResumeWithNoDuplicatesAndNoGaps() throws Exception {
        Map<String, String> props = Map.of(
                SimulatorConfig.GPU_OFFERS,
                "60",
                SimulatorConfig.TOKEN_OFFERS,
                "8",
                SimulatorConfig.TICKS_PER_POLL,
                "3",
                SimulatorConfig.MAX_TICKS,
                "60",
                "poll.interval.ms",
                "0");
        List<String> expected = new ArrayList<>();
        TaskHarness uninterrupted = new TaskHarness(SimulatorSourceTask::new, props);
        uninterrupted.start();
        uninterrupted.drain(1000).forEach(r -> expected.add(identity(r)));
        uninterrupted.stop();

        List<String> delivered = new ArrayList<>();
        TaskHarness harness = new TaskHarness(SimulatorSourceTask::new, props);
        harness.start();
        for (int restart = 0; restart < 8; restart++) {
            List<SourceRecord> batch = harness.poll();
            // acknowledge only part of the batch, as if the worker died mid-flush
            List<SourceRecord> acked = batch.subList(0, batch.size() / 2);
            acked.forEach(r -> delivered.add(identity(r)));
            harness.commit(acked);
            harness.stop();
            harness.start();
        }
        harness.drain(1000).forEach(r -> delivered.add(identity(r)));
        harness.stop();

        System.out.printf(
                "simulator across 8 restarts: %d expected, %d delivered%n", expected.size(), delivered.size());
        assertThat(expected).hasSizeGreaterThan(1000);
        assertThat(delivered)
                .as("same records, same order: no duplicates, no gaps")
                .isEqualTo(expected);
    }

    private static String identity(SourceRecord r) {
        return r.topic() + "|" + r.key() + "|" + r.value();
    }

    @Test
    void shardsPartitionTheOffers() {
        SimulatorSourceConnector connector = new SimulatorSourceConnector();
        connector.start(Map.of());
        List<Map<String, String>> tasks = connector.taskConfigs(3);
        Set<String> offers = new HashSet<>();
        int total = 0;
        for (Map<String, String> task : tasks) {
            Map<String, String> props = new HashMap<>(task);
            props.put(SimulatorConfig.OBSERVATIONS_PER_TICK, "0");
            props.put(SimulatorConfig.TOKEN_OFFERS, "0");
            for (Emission e : new SimulatorSource(new SimulatorConfig(props)).poll(OffsetLookup.none())) {
                offers.add(e.key());
                total++;
            }
        }
        assertThat(total).as("first tick sends every offer once").isEqualTo(offers.size());
        assertThat(offers).hasSize(new SimulatorConfig(Map.of()).gpuOffers());
        assertThat(Instant.parse("2026-01-01T00:00:00Z")).isEqualTo(new SimulatorConfig(Map.of()).start());
    }

    @Test
    void everySimulatedGpuOfferCarriesItsResidencyAndTokenOffersNone() {
        // The simulated regions: AWS-style codes and two of the simulator's own, placed in the vocabulary.
        Map<String, String> countryByRegion = Map.of(
                "us-east-1",
                "us",
                "us-west-2",
                "us",
                "us-central",
                "us",
                "eu-west-1",
                "ie",
                "eu-central-1",
                "de",
                "eu-north",
                "se",
                "ap-northeast-1",
                "jp",
                "ap-south-1",
                "in");
        List<Emission> sent = source(Map.of(SimulatorConfig.GPU_OFFERS, "400")).poll(OffsetLookup.none());
        Set<String> gpuOffers = new HashSet<>();
        for (Emission e : sent) {
            if (e.value() instanceof dev.gpuarb.avro.GpuPriceObservation o) {
                gpuOffers.add(o.getOfferId());
                String country = countryByRegion.get(o.getRegion());
                assertThat(country).as("a simulated region: %s", o.getRegion()).isNotNull();
                assertThat(o.getComplianceTags()).as(o.getOfferId()).contains(country);
                boolean inEu = Set.of("ie", "de", "se").contains(country);
                assertThat(o.getComplianceTags().contains("eu"))
                        .as(o.getOfferId())
                        .isEqualTo(inEu);
            } else if (e.value() instanceof dev.gpuarb.avro.TokenPriceObservation t) {
                assertThat(t.getRegion()).isNull();
                assertThat(dev.gpuarb.vocab.Jurisdictions.hasResidency(t.getTags()))
                        .as(t.getOfferId())
                        .isFalse();
            }
        }
        assertThat(gpuOffers).hasSize(400);
    }
}
