package dev.gpuarb.streams.effect;

import dev.gpuarb.streams.common.Keys;
import java.util.ArrayList;
import java.util.List;

/**
 * What one offer cost over the part of time analytics has not closed yet: its steps in event-time
 * order, each a price that holds from its {@code at} until the next step, its own {@code until}, or
 * a withdrawal. The first step may lie before the oldest open pane: it is the price carried into it.
 * Immutable; every change returns a new timeline.
 */
public record OfferTimeline(
        String kind,
        String product,
        String pricingModel,
        String region,
        String provider,
        String offerId,
        List<Step> steps) {

    /** More steps than this between two pane closes is a runaway source: further ones are refused. */
    public static final int MAX_STEPS = 4096;

    /** A price (or a withdrawal) taking effect at {@code at}; {@code until} as in {@link PriceEvent}. */
    public record Step(long at, double price, long until, boolean withdrawn) {

        static Step of(PriceEvent e) {
            return new Step(e.at(), e.price(), e.until(), e.withdrawn());
        }

        /** When this step stops holding if the next one starts at {@code nextAt}. */
        long endGiven(long nextAt) {
            return withdrawn ? at : Math.min(nextAt, until);
        }
    }

    /** What applying a record did. */
    public enum Outcome {
        /** In event-time order or out of order within the open panes: counted where it belongs. */
        APPLIED,
        /** Dated inside a closed pane and newer than the price carried in: it holds from the first open pane. */
        LATE_CARRIED,
        /** Dated inside a closed pane and older than what is known there: it changes nothing. */
        LATE_SUPERSEDED,
        /** The timeline already holds {@link #MAX_STEPS} steps. */
        OVERFLOW
    }

    /** A timeline after a record, and what the record did. */
    public record Applied(OfferTimeline timeline, Outcome outcome) {}

    /** How a piece of a price in effect relates to the price periods counted in its pane. */
    public enum Period {
        /** A period (one price, held without a gap) that begins inside the pane. */
        STARTS,
        /** The period in effect at the pane's start. */
        CARRIED,
        /** A confirmation of the price just before it: the same period, already counted. */
        CONTINUES
    }

    /** A piece of a price in effect within one pane. */
    public interface SegmentSink {
        void accept(Step step, long from, long to, Period period);
    }

    public static OfferTimeline first(PriceEvent e) {
        return new OfferTimeline(
                e.kind(), e.product(), e.pricingModel(), e.region(), e.provider(), e.offerId(), List.of(Step.of(e)));
    }

    public String productKey() {
        return Keys.join(kind, product, pricingModel == null ? "" : pricingModel);
    }

    /**
     * This timeline with the record applied, given that every pane before {@code closedThrough} has
     * been closed. A record for a closed pane cannot change what was published; if it is the latest
     * thing known of the offer at {@code closedThrough} it becomes the price carried into the open panes.
     * Two records of one offer at the same millisecond: the one applied last holds. Every other record
     * is a step of its own, a confirmation of the same price too: merging it into the step before would
     * lose where that price resumed if an older record later lands between them.
     */
    public Applied with(PriceEvent e, long closedThrough) {
        Step step = Step.of(e);
        List<Step> next = new ArrayList<>(steps.size() + 1);
        if (e.at() < closedThrough) {
            int carried = lastIndexBefore(closedThrough);
            if (carried >= 0 && steps.get(carried).at() >= e.at()) {
                return new Applied(this, Outcome.LATE_SUPERSEDED);
            }
            next.add(step);
            next.addAll(steps.subList(carried + 1, steps.size()));
            return new Applied(with(e, next), Outcome.LATE_CARRIED);
        }
        if (steps.size() >= MAX_STEPS) {
            return new Applied(this, Outcome.OVERFLOW);
        }
        int i = 0;
        while (i < steps.size() && steps.get(i).at() < e.at()) {
            next.add(steps.get(i++));
        }
        next.add(step);
        if (i < steps.size() && steps.get(i).at() == e.at()) {
            i++; // same millisecond: replaced
        }
        next.addAll(steps.subList(i, steps.size()));
        return new Applied(with(e, next), Outcome.APPLIED);
    }

    // The listing facts (region, provider) are the latest record's; they do not change for one offer id.
    private OfferTimeline with(PriceEvent e, List<Step> next) {
        return new OfferTimeline(kind, product, pricingModel, e.region(), e.provider(), offerId, List.copyOf(next));
    }

    /**
     * Every piece of a price in effect within [from, to), in time order. A step that repeats the price
     * of the step before it, with no gap between them, continues that step's period.
     */
    public void forEachSegment(long from, long to, SegmentSink sink) {
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (s.withdrawn()) {
                continue;
            }
            long nextAt = i + 1 < steps.size() ? steps.get(i + 1).at() : Long.MAX_VALUE;
            long start = Math.max(s.at(), from);
            long end = Math.min(s.endGiven(nextAt), to);
            if (end > start) {
                Step previous = i > 0 ? steps.get(i - 1) : null;
                boolean continues = previous != null
                        && !previous.withdrawn()
                        && previous.price() == s.price()
                        && previous.endGiven(s.at()) == s.at();
                Period period = start == from && (s.at() < from || continues)
                        ? Period.CARRIED
                        : continues ? Period.CONTINUES : Period.STARTS;
                sink.accept(s, start, end, period);
            }
        }
    }

    /** Without the steps that end before {@code t}: the one in effect at {@code t} is kept as the carried price. */
    public OfferTimeline prunedBefore(long t) {
        int carried = lastIndexBefore(t);
        if (carried <= 0) {
            return this;
        }
        return new OfferTimeline(
                kind,
                product,
                pricingModel,
                region,
                provider,
                offerId,
                List.copyOf(steps.subList(carried, steps.size())));
    }

    /** When the last step stops holding: its withdrawal, its {@code until}, or {@link Long#MAX_VALUE}. */
    public long endOfEffect() {
        return steps.get(steps.size() - 1).endGiven(Long.MAX_VALUE);
    }

    private int lastIndexBefore(long t) {
        int found = -1;
        for (int i = 0; i < steps.size() && steps.get(i).at() < t; i++) {
            found = i;
        }
        return found;
    }
}
