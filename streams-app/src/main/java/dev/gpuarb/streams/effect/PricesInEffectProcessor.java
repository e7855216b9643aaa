package dev.gpuarb.streams.effect;

import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.TimeOfDayProfile;
import dev.gpuarb.streams.common.Keys;
import dev.gpuarb.streams.state.DecodedValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spreads and time-of-day profiles over prices in effect, for the products of one partition.
 *
 * <p>Each record updates its offer's timeline and nothing else. When stream time passes the end of
 * a pane plus the grace, the pane closes: every timeline of the task is read once and what it had in
 * effect during the pane is added to its product's pane totals and to its region's day totals; the
 * timelines are then cut to the price carried into the next pane. A spread window is the panes it
 * covers, combined when its last pane closes; a profile is the day totals of its horizon, combined at
 * UTC midnight. Everything depends on the records and their order only (stream time, not the wall
 * clock), so the same input gives the same output.
 */
public final class PricesInEffectProcessor implements Processor<String, PriceEvent, String, Closed> {

    private static final Logger LOG = LoggerFactory.getLogger(PricesInEffectProcessor.class);
    private static final long NOT_STARTED = Long.MIN_VALUE;
    /** Per task: the offers that moved since the last pane close are what a pane reads most. */
    static final int DECODED_TIMELINES = 8192;

    private final EffectWindows windows;
    private ProcessorContext<String, Closed> context;
    /** Decoded, so a busy offer's timeline is not decoded on each of its prices; every write goes through it. */
    private DecodedValues<OfferTimeline> timelines;

    private KeyValueStore<String, OfferTimeline> timelineStore;
    /** Offers whose overflow was logged since the last pane close: one warning per offer and pane, not per record. */
    private final Set<String> overflowLogged = new HashSet<>();

    private KeyValueStore<String, PaneTotals> panes;
    private KeyValueStore<String, DayTotals> days;
    private KeyValueStore<String, Long> clock;
    private Sensor late;
    private Sensor overflow;
    private Sensor paneClose;

    public PricesInEffectProcessor(EffectWindows windows) {
        this.windows = windows;
    }

    @Override
    public void init(ProcessorContext<String, Closed> context) {
        this.context = context;
        timelineStore = context.getStateStore(EffectStores.TIMELINES);
        timelines = new DecodedValues<>(timelineStore, DECODED_TIMELINES);
        overflowLogged.clear();
        panes = context.getStateStore(EffectStores.PANES);
        days = context.getStateStore(EffectStores.DAYS);
        clock = context.getStateStore(EffectStores.CLOCK);
        late = context.metrics()
                .addRateTotalSensor(
                        "gpuarb-analytics", context.taskId().toString(), "late-price", Sensor.RecordingLevel.INFO);
        overflow = context.metrics()
                .addRateTotalSensor(
                        "gpuarb-analytics",
                        context.taskId().toString(),
                        "timeline-overflow",
                        Sensor.RecordingLevel.INFO);
        paneClose = context.metrics()
                .addLatencyRateTotalSensor(
                        "gpuarb-analytics", context.taskId().toString(), "pane-close", Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(Record<String, PriceEvent> record) {
        PriceEvent event = record.value();
        if (event == null) {
            return;
        }
        long closedThrough = closedThrough();
        if (closedThrough == NOT_STARTED) {
            // The first pane that can still take records: the one holding the earliest time within grace.
            closedThrough = windows.paneStartOf(event.at() - windows.graceMs());
            clock.put(EffectStores.CLOSED_THROUGH, closedThrough);
        }
        apply(event, closedThrough);
        long streamTime = Math.max(context.currentStreamTimeMs(), record.timestamp());
        while (closedThrough + windows.paneMs() + windows.graceMs() <= streamTime) {
            closePane(closedThrough, closedThrough + windows.paneMs());
            closedThrough += windows.paneMs();
            clock.put(EffectStores.CLOSED_THROUGH, closedThrough);
        }
    }

    private long closedThrough() {
        Long stored = clock.get(EffectStores.CLOSED_THROUGH);
        return stored == null ? NOT_STARTED : stored;
    }

    private void apply(PriceEvent event, long closedThrough) {
        String key = Keys.join(event.productKey(), event.offerId());
        OfferTimeline known = timelines.get(key);
        OfferTimeline.Applied applied =
                known == null ? firstRecord(event, closedThrough) : known.with(event, closedThrough);
        switch (applied.outcome()) {
            case LATE_CARRIED, LATE_SUPERSEDED -> {
                late.record();
                LOG.debug(
                        "price of {} at {} is after grace (panes closed through {}): {}",
                        event.offerId(),
                        event.at(),
                        closedThrough,
                        applied.outcome());
            }
            case OVERFLOW -> {
                overflow.record();
                if (overflowLogged.add(key)) {
                    LOG.warn(
                            "offer {} sent more than {} prices within one pane; from the one at {}, its further"
                                    + " prices until the pane closes are not counted (metric timeline-overflow-total)",
                            event.offerId(),
                            OfferTimeline.MAX_STEPS,
                            event.at());
                }
            }
            case APPLIED -> {}
        }
        if (applied.timeline() != known) {
            timelines.put(key, applied.timeline());
        }
    }

    private static OfferTimeline.Applied firstRecord(PriceEvent event, long closedThrough) {
        OfferTimeline timeline = OfferTimeline.first(event);
        return new OfferTimeline.Applied(
                timeline,
                event.at() < closedThrough ? OfferTimeline.Outcome.LATE_CARRIED : OfferTimeline.Outcome.APPLIED);
    }

    private void closePane(long start, long end) {
        long began = System.nanoTime();
        int offers = 0;
        Map<String, PaneBuilder> byProduct = new TreeMap<>();
        List<KeyValue<String, OfferTimeline>> changed = new ArrayList<>();
        // Changes are applied after the scan: a store's iterator need not see writes made during it.
        overflowLogged.clear();
        try (KeyValueIterator<String, OfferTimeline> all = timelineStore.all()) {
            while (all.hasNext()) {
                KeyValue<String, OfferTimeline> entry = all.next();
                OfferTimeline offer = entry.value;
                offers++;
                byProduct
                        .computeIfAbsent(offer.productKey(), k -> new PaneBuilder(offer, start))
                        .add(offer, end);
                if (offer.endOfEffect() < end - windows.goneRetentionMs()) {
                    changed.add(KeyValue.pair(entry.key, null));
                } else {
                    OfferTimeline pruned = offer.prunedBefore(end);
                    if (pruned != offer) {
                        changed.add(KeyValue.pair(entry.key, pruned));
                    }
                }
            }
        }
        changed.forEach(kv -> {
            if (kv.value == null) {
                timelines.delete(kv.key);
            } else {
                timelines.put(kv.key, kv.value);
            }
        });
        for (PaneBuilder builder : byProduct.values()) {
            if (!builder.isEmpty()) {
                PaneTotals pane = builder.build();
                panes.put(paneKey(pane.productKey(), start), pane);
                addToDays(pane);
            }
        }
        if (windows.spreadWindowEndsAt(end)) {
            publishSpreads(end);
        }
        if (windows.profileHorizonEndsAt(end)) {
            publishProfiles(end);
        }
        // Once per pane and task: what the cost per pane is at this task's number of offers.
        double millis = (System.nanoTime() - began) / 1e6;
        paneClose.record(millis);
        LOG.info(
                "task {} closed the pane {} over {} offers of {} products in {} ms",
                context.taskId(),
                Instant.ofEpochMilli(start),
                offers,
                byProduct.size(),
                Math.round(millis));
    }

    private void addToDays(PaneTotals pane) {
        Map<String, RegionTotals> byRegion = new TreeMap<>();
        pane.byRegionProvider().values().forEach(t -> byRegion.merge(t.region(), t, PricesInEffectProcessor::sameTime));
        long day = DayTotals.dayStartOf(pane.start());
        byRegion.forEach((region, totals) -> {
            String key = Keys.join(pane.productKey(), region, Long.toString(day));
            DayTotals known = days.get(key);
            DayTotals base = known != null
                    ? known
                    : DayTotals.empty(pane.kind(), pane.product(), pane.pricingModel(), region, day);
            days.put(key, base.plus(pane.start(), totals));
        });
    }

    /** Two providers' totals of one region over the same time (nothing is carried between them). */
    private static RegionTotals sameTime(RegionTotals a, RegionTotals b) {
        RegionTotals summed = a.then(b);
        return new RegionTotals(
                a.region(),
                null,
                summed.min(),
                summed.max(),
                summed.weighted(),
                summed.millis(),
                summed.starts(),
                a.carried() + b.carried(),
                summed.lastAt());
    }

    private void publishSpreads(long end) {
        long start = end - windows.spreadSizeMs();
        long keepFrom = end + windows.spreadAdvanceMs() - windows.spreadSizeMs();
        Map<String, TreeMap<Long, PaneTotals>> inWindow = new TreeMap<>();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, PaneTotals> all = panes.all()) {
            while (all.hasNext()) {
                KeyValue<String, PaneTotals> entry = all.next();
                PaneTotals pane = entry.value;
                if (pane.start() >= start && pane.start() < end) {
                    inWindow.computeIfAbsent(pane.productKey(), k -> new TreeMap<>())
                            .put(pane.start(), pane);
                }
                if (pane.start() < keepFrom) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(panes::delete);
        inWindow.forEach((product, ordered) -> {
            PaneTotals window = null;
            for (PaneTotals pane : ordered.values()) {
                // Prices carried into the window count once, at its start: into a later pane they were counted already.
                window = window == null ? (pane.start() == start ? pane : pane.withoutCarried()) : window.then(pane);
            }
            RegionalSpread spread = SpreadCalculator.toSpread(window, start, end);
            context.forward(new Record<>(product, new Closed.Spread(spread), end));
        });
    }

    private void publishProfiles(long end) {
        long start = end - windows.profileHorizonMs();
        long keepFrom = start + EffectWindows.DAY_MS;
        Map<String, DayTotals> inHorizon = new TreeMap<>();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, DayTotals> all = days.all()) {
            while (all.hasNext()) {
                KeyValue<String, DayTotals> entry = all.next();
                DayTotals day = entry.value;
                if (day.dayStart() >= start && day.dayStart() < end) {
                    inHorizon.merge(profileKey(day), day, DayTotals::and);
                }
                if (day.dayStart() < keepFrom) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(days::delete);
        inHorizon.forEach((key, totals) -> {
            TimeOfDayProfile profile = ProfileCalculator.toProfile(totals, start, end);
            if (profile != null) {
                context.forward(new Record<>(key, new Closed.Profile(profile), end));
            }
        });
    }

    /** product|pricingModel|region: the key of profiles.time-of-day. */
    private static String profileKey(DayTotals day) {
        return Keys.join(day.product(), day.pricingModel() == null ? "" : day.pricingModel(), day.region());
    }

    private static String paneKey(String productKey, long start) {
        return Keys.join(productKey, Long.toString(start));
    }
}
