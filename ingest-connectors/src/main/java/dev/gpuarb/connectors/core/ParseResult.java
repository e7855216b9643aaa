package dev.gpuarb.connectors.core;

import dev.gpuarb.vocab.RejectReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a parser made of one document: accepted prices, rejections, and rows skipped on purpose
 * (CPU-only instances, non-GPU families, other operating systems), counted by why; accepted prices
 * whose region has no known residency, counted by provider/region; and whether the whole listing was
 * read. Reading that stopped early (a file cut off, a page or a request that failed) leaves the
 * listing incomplete: an offer missing from it may not have left the source.
 */
public final class ParseResult {

    private final List<PriceItem> accepted = new ArrayList<>();
    private final List<Rejection> rejected = new ArrayList<>();
    private final Map<String, Long> skipped = new TreeMap<>();
    private final Map<String, Long> unknownRegions = new TreeMap<>();
    private boolean complete = true;

    public void accept(PriceItem item) {
        accepted.add(item);
        PriceRecords.regionWithoutResidency(item.value()).ifPresent(r -> unknownRegions.merge(r, 1L, Long::sum));
    }

    public void reject(Rejection rejection) {
        rejected.add(rejection);
    }

    public void skip(String why) {
        skipped.merge(why, 1L, Long::sum);
    }

    /** Part of the listing could not be read (the rejection that says why is recorded separately). */
    public void markIncomplete() {
        complete = false;
    }

    /** Whether every offer the source lists was read: only then is a missing offer gone. */
    public boolean isComplete() {
        return complete;
    }

    public void addAll(ParseResult other) {
        complete &= other.complete;
        accepted.addAll(other.accepted);
        rejected.addAll(other.rejected);
        other.skipped.forEach((k, v) -> skipped.merge(k, v, Long::sum));
        other.unknownRegions.forEach((k, v) -> unknownRegions.merge(k, v, Long::sum));
    }

    public List<PriceItem> accepted() {
        return Collections.unmodifiableList(accepted);
    }

    public List<Rejection> rejected() {
        return Collections.unmodifiableList(rejected);
    }

    public Map<String, Long> skipped() {
        return Collections.unmodifiableMap(skipped);
    }

    /** Accepted prices without residency tags because their region is not in the vocabulary, by provider/region. */
    public Map<String, Long> unknownRegions() {
        return Collections.unmodifiableMap(unknownRegions);
    }

    public Map<RejectReason, Long> rejectedByReason() {
        Map<RejectReason, Long> counts = new TreeMap<>();
        rejected.forEach(r -> counts.merge(r.reason(), 1L, Long::sum));
        return counts;
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
}
