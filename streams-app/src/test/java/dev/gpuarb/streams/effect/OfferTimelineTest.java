package dev.gpuarb.streams.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.gpuarb.streams.effect.OfferTimeline.Outcome;
import dev.gpuarb.streams.effect.OfferTimeline.Period;
import dev.gpuarb.streams.effect.OfferTimeline.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class OfferTimelineTest {

    private static final long NONE_CLOSED = Long.MIN_VALUE;
    private static final long FOREVER = Long.MAX_VALUE;
    private static final PriceEvent.Instance INSTANCE = new PriceEvent.Instance("p5.48xlarge", "use1-az1", 98.32);

    private static PriceEvent price(double price, long at) {
        return price(price, at, FOREVER);
    }

    private static PriceEvent price(double price, long at, long until) {
        return new PriceEvent(
                "GPU_HOURS",
                "H100-80GB",
                "SPOT",
                "us-east-1",
                "aws",
                "aws|us-east-1|a|p5|SPOT",
                price,
                at,
                until,
                false,
                INSTANCE);
    }

    private static PriceEvent withdrawal(long at) {
        return new PriceEvent(
                "GPU_HOURS",
                "H100-80GB",
                "SPOT",
                "us-east-1",
                "aws",
                "aws|us-east-1|a|p5|SPOT",
                1.0,
                at,
                FOREVER,
                true,
                INSTANCE);
    }

    private static OfferTimeline apply(OfferTimeline t, PriceEvent e, long closedThrough) {
        return t.with(e, closedThrough).timeline();
    }

    /** The pieces in effect within [from, to) as (price, from, to, period). */
    private static List<List<Object>> segments(OfferTimeline t, long from, long to) {
        List<List<Object>> out = new ArrayList<>();
        t.forEachSegment(from, to, (step, a, b, period) -> out.add(List.of(step.price(), a, b, period)));
        return out;
    }

    @Test
    void aPriceHoldsUntilTheNextPriceItsWithdrawalOrItsUntil() {
        OfferTimeline t = OfferTimeline.first(price(4.0, 10));
        t = apply(t, price(5.0, 30, 45), NONE_CLOSED);
        t = apply(t, price(6.0, 60), NONE_CLOSED);
        t = apply(t, withdrawal(80), NONE_CLOSED);

        assertThat(segments(t, 0, 100))
                .containsExactly(
                        List.of(4.0, 10L, 30L, Period.STARTS),
                        List.of(5.0, 30L, 45L, Period.STARTS),
                        List.of(6.0, 60L, 80L, Period.STARTS));
        assertThat(segments(t, 40, 70))
                .as("clipped to the pane; a price from before it is carried in")
                .containsExactly(List.of(5.0, 40L, 45L, Period.CARRIED), List.of(6.0, 60L, 70L, Period.STARTS));
        assertThat(t.endOfEffect()).isEqualTo(80);
    }

    @Test
    void outOfOrderRecordsGiveTheSameTimelineAsInOrderOnes() {
        Random random = new Random(17);
        for (int round = 0; round < 200; round++) {
            List<PriceEvent> events = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                // distinct times, prices that sometimes repeat the previous one
                events.add(price(1 + random.nextInt(3), 100 + i * 10L + random.nextInt(5)));
            }
            OfferTimeline inOrder = OfferTimeline.first(events.get(0));
            for (PriceEvent e : events.subList(1, events.size())) {
                inOrder = apply(inOrder, e, NONE_CLOSED);
            }
            List<PriceEvent> shuffled = new ArrayList<>(events);
            java.util.Collections.shuffle(shuffled, random);
            OfferTimeline reordered = OfferTimeline.first(shuffled.get(0));
            for (PriceEvent e : shuffled.subList(1, shuffled.size())) {
                reordered = apply(reordered, e, NONE_CLOSED);
            }
            // The price at every moment is the same; only how a repeated price is split into steps may differ.
            for (long at = 90; at < 250; at++) {
                assertThat(priceAt(reordered, at))
                        .as("round %d at %d", round, at)
                        .isEqualTo(priceAt(inOrder, at));
            }
        }
    }

    private static Double priceAt(OfferTimeline t, long at) {
        List<List<Object>> s = segments(t, at, at + 1);
        return s.isEmpty() ? null : (Double) s.get(0).get(0);
    }

    @Test
    void aConfirmationContinuesThePeriodButNotAcrossAGap() {
        OfferTimeline t = OfferTimeline.first(price(4.0, 10, 40));
        t = apply(t, price(4.0, 30, 70), NONE_CLOSED);
        t = apply(t, price(4.0, 90, 120), NONE_CLOSED); // expired at 70: a new period
        assertThat(segments(t, 0, 200))
                .containsExactly(
                        List.of(4.0, 10L, 30L, Period.STARTS),
                        List.of(4.0, 30L, 70L, Period.CONTINUES),
                        List.of(4.0, 90L, 120L, Period.STARTS));
        assertThat(segments(t, 30, 200))
                .as("a confirmation at the pane's start carries the period in")
                .containsExactly(List.of(4.0, 30L, 70L, Period.CARRIED), List.of(4.0, 90L, 120L, Period.STARTS));
    }

    @Test
    void aConfirmationSplitByAnOlderRecordStillResumesItsPrice() {
        OfferTimeline t = OfferTimeline.first(price(2.0, 110));
        t = apply(t, price(2.0, 120), NONE_CLOSED);
        t = apply(t, price(3.0, 115), NONE_CLOSED);
        assertThat(segments(t, 100, 130))
                .containsExactly(
                        List.of(2.0, 110L, 115L, Period.STARTS),
                        List.of(3.0, 115L, 120L, Period.STARTS),
                        List.of(2.0, 120L, 130L, Period.STARTS));
    }

    @Test
    void theSameMillisecondKeepsTheRecordAppliedLast() {
        OfferTimeline t = OfferTimeline.first(price(4.0, 10));
        t = apply(t, price(6.0, 20), NONE_CLOSED);
        t = apply(t, price(5.0, 10), NONE_CLOSED);
        assertThat(t.steps()).extracting(Step::at, Step::price).containsExactly(tuple(10L, 5.0), tuple(20L, 6.0));
    }

    @Test
    void aRecordInAClosedPaneReplacesTheCarriedPriceOnlyWhenNewer() {
        OfferTimeline t = OfferTimeline.first(price(4.0, 10));
        t = apply(t, price(6.0, 70), NONE_CLOSED).prunedBefore(60);
        assertThat(t.steps()).extracting(Step::at).containsExactly(10L, 70L);

        OfferTimeline.Applied newer = t.with(price(1.0, 40), 60);
        assertThat(newer.outcome()).isEqualTo(Outcome.LATE_CARRIED);
        assertThat(segments(newer.timeline(), 60, 120))
                .containsExactly(List.of(1.0, 60L, 70L, Period.CARRIED), List.of(6.0, 70L, 120L, Period.STARTS));

        OfferTimeline.Applied older = t.with(price(1.0, 5), 60);
        assertThat(older.outcome()).isEqualTo(Outcome.LATE_SUPERSEDED);
        assertThat(older.timeline()).isSameAs(t);
    }

    @Test
    void pruningKeepsThePriceCarriedIntoTheNextPane() {
        OfferTimeline t = OfferTimeline.first(price(4.0, 10));
        t = apply(t, price(5.0, 20), NONE_CLOSED);
        t = apply(t, price(6.0, 50), NONE_CLOSED);
        OfferTimeline pruned = t.prunedBefore(40);
        assertThat(pruned.steps()).extracting(Step::at).containsExactly(20L, 50L);
        assertThat(segments(pruned, 40, 100)).isEqualTo(segments(t, 40, 100));
        assertThat(pruned.prunedBefore(40)).isSameAs(pruned);
    }

    @Test
    void aRunawayOfferIsCappedNotGrown() {
        OfferTimeline t = OfferTimeline.first(price(1.0, 0));
        for (int i = 1; i < OfferTimeline.MAX_STEPS; i++) {
            t = apply(t, price(i % 2 == 0 ? 1.0 : 2.0, i), NONE_CLOSED);
        }
        assertThat(t.steps()).hasSize(OfferTimeline.MAX_STEPS);
        OfferTimeline.Applied more = t.with(price(3.0, OfferTimeline.MAX_STEPS), NONE_CLOSED);
        assertThat(more.outcome()).isEqualTo(Outcome.OVERFLOW);
        assertThat(more.timeline().steps()).hasSize(OfferTimeline.MAX_STEPS);
    }

    @Test
    void theBinaryFormsReadBackWhatWasWrittenAndRefuseGarbage() {
        OfferTimeline t = apply(
                apply(OfferTimeline.first(price(4.0, 10, 99)), withdrawal(30), NONE_CLOSED),
                price(2.5, 50),
                NONE_CLOSED);
        OfferTimelineSerde serde = new OfferTimelineSerde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", t)))
                .isEqualTo(t);

        PriceEvent e = new PriceEvent(
                "TOKENS", "gpt-4o", null, "global", "openai", "openai|gpt-4o|", 3.75, 7, FOREVER, false, null);
        PriceEventSerde events = new PriceEventSerde();
        assertThat(events.deserializer().deserialize("t", events.serializer().serialize("t", e)))
                .isEqualTo(e);
        PriceEvent gpu = price(12.29, 8, 99);
        assertThat(events.deserializer().deserialize("t", events.serializer().serialize("t", gpu)))
                .isEqualTo(gpu);

        PaneTotals pane = PaneTotals.empty("GPU_HOURS", "H100-80GB", "SPOT", 900_000);
        pane.byRegionProvider()
                .put(
                        "us-east-1|aws",
                        RegionTotals.none("us-east-1", "aws")
                                .plus(t.steps().get(0), 10, 30, Period.STARTS)
                                .plus(t.steps().get(2), 50, 60, Period.CARRIED));
        pane = new PaneTotals(
                pane.kind(),
                pane.product(),
                pane.pricingModel(),
                pane.start(),
                pane.byRegionProvider(),
                DistinctOffers.of(List.of("a", "b")));
        PaneTotalsSerde panes = new PaneTotalsSerde();
        PaneTotals paneBack =
                panes.deserializer().deserialize("t", panes.serializer().serialize("t", pane));
        assertThat(paneBack.byRegionProvider()).isEqualTo(pane.byRegionProvider());
        assertThat(paneBack.offers()).isEqualTo(pane.offers());
        assertThat(paneBack.byRegionProvider().get("us-east-1|aws").weighted())
                .isEqualByComparingTo(new java.math.BigDecimal("105")); // 4.0 x 20 + 2.5 x 10

        DayTotals day = DayTotals.empty("GPU_HOURS", "H100-80GB", "SPOT", "us-east-1", 0)
                .plus(3_600_000, pane.byRegionProvider().get("us-east-1|aws"));
        DayTotalsSerde days = new DayTotalsSerde();
        DayTotals dayBack =
                days.deserializer().deserialize("t", days.serializer().serialize("t", day));
        assertThat(dayBack.weighted()).isEqualTo(day.weighted());
        assertThat(dayBack.millis()).containsExactly(day.millis());
        assertThat(dayBack.periods()).containsExactly(day.periods());
        assertThat(dayBack.periods()[1])
                .as("a pane starting hour 1: its carried price counts too")
                .isEqualTo(2);

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("offer timeline");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9}))
                .isInstanceOf(SerializationException.class);
    }
}
