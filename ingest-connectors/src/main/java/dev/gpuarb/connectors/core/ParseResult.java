package dev.gpuarb.connectors.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a parser made of one document: accepted prices, rejections, and rows skipped on purpose
 * (CPU-only instances, non-GPU families, other operating systems), counted by why; and whether the
 * whole listing was read. Reading that stopped early (a file cut off, a page or a request that
 * failed) leaves the listing incomplete: an offer missing from it may not have left the source.
 */
public final class ParseResult {

    private final List<PriceItem> accepted = new ArrayList<>();
    private final List<Rejection> rejected = new ArrayList<>();
    private final Map<String, Long> skipped = new TreeMap<>();
    private boolean complete = true;

    public void accept(PriceItem item) {
        accepted.add(item);
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

    public Map<RejectReason, Long> rejectedByReason() {
        Map<RejectReason, Long> counts = new TreeMap<>();
        rejected.forEach(r -> counts.merge(r.reason(), 1L, Long::sum));
        return counts;
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
}
