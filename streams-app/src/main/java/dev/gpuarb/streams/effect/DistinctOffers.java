package dev.gpuarb.streams.effect;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import org.apache.datasketches.common.ResizeFactor;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.datasketches.theta.HashIterator;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Sketch;
import org.apache.datasketches.theta.Union;
import org.apache.datasketches.theta.UpdateSketch;

/**
 * The distinct offers of one window, counted with a Theta sketch (DataSketches) so that the
 * window's state stays bounded however many offers a product has.
 *
 * <p>The sketch keeps the {@value #EXACT_LIMIT} smallest 63-bit hashes of the offer ids: up to
 * that many offers the count is exact, above it an estimate with a relative standard error of
 * 1/sqrt({@value #EXACT_LIMIT} - 1), about 1.6%. Its compact ordered form is a function of the set
 * of offers only, so the serialized state and the count do not depend on arrival order, and two
 * values merge into the value of the union of their offers. Values are immutable: the bytes are
 * never written after construction.
 */
public final class DistinctOffers {

    /** Nominal entries of the sketch: the exact range, and the bound on retained hashes. */
    public static final int EXACT_LIMIT = 4096;
    /** Upper bound of {@link #serializedSize()}: an 8-byte hash per retained entry plus a 24-byte preamble. */
    public static final int MAX_SERIALIZED_BYTES = 24 + 8 * EXACT_LIMIT;

    private static final DistinctOffers NONE = new DistinctOffers(
            UpdateSketch.builder().build().compact(true, null).toByteArray());

    private final byte[] compactOrderedSketch;

    private DistinctOffers(byte[] compactOrderedSketch) {
        this.compactOrderedSketch = compactOrderedSketch;
    }

    public static DistinctOffers none() {
        return NONE;
    }

    /** The sketch of the given offer ids, as adding them one by one would give. */
    public static DistinctOffers of(Iterable<String> offerIds) {
        UpdateSketch sketch =
                UpdateSketch.builder().setNominalEntries(EXACT_LIMIT).build();
        offerIds.forEach(sketch::update);
        return NONE.union(sketch);
    }

    /**
     * This set plus one offer. An offer already counted, or whose hash lies above the sketch's
     * threshold, leaves the sketch as it is, so only a new offer costs a rebuild (O(EXACT_LIMIT)).
     * A null or empty id is not an offer and is ignored, as the sketch ignores empty input.
     */
    public DistinctOffers with(String offerId) {
        UpdateSketch single = UpdateSketch.builder().setNominalEntries(16).build();
        single.update(offerId);
        if (single.isEmpty()) {
            return this;
        }
        HashIterator entry = single.iterator();
        entry.next();
        long hash = entry.get();
        Sketch current = sketch();
        if (hash >= current.getThetaLong() || contains(current, hash)) {
            return this;
        }
        byte[] inserted = insertedExact(hash);
        return inserted != null ? new DistinctOffers(inserted) : union(single);
    }

    /**
     * The compact ordered form with one more hash, built directly while the sketch is exact, or null
     * when it is not (one hash, or the limit reached). The library's union would rebuild its hash table
     * and sort every retained hash to add one, which made this the spread stage's largest cost; in exact
     * mode the result is simply the same preamble with the count raised and the hash inserted in order.
     * The layout (serial version 3: two preamble longs, little-endian count at byte 8, then the hashes
     * ascending) is the library's; DistinctOffersTest compares the result with the union's byte for byte.
     */
    private byte[] insertedExact(long hash) {
        byte[] b = compactOrderedSketch;
        if (b[0] != EXACT_PREAMBLE_LONGS || b[1] != SERIAL_VERSION) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int count = in.getInt(COUNT_OFFSET);
        if (count + 1 > EXACT_LIMIT || b.length != HASHES_OFFSET + 8 * count) {
            return null;
        }
        int low = 0;
        int high = count;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (in.getLong(HASHES_OFFSET + 8 * mid) < hash) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        int at = HASHES_OFFSET + 8 * low;
        byte[] out = new byte[b.length + 8];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at, out, at + 8, b.length - at);
        ByteBuffer.wrap(out)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(COUNT_OFFSET, count + 1)
                .putLong(at, hash);
        return out;
    }

    private static final byte EXACT_PREAMBLE_LONGS = 2;
    private static final byte SERIAL_VERSION = 3;
    private static final int COUNT_OFFSET = 8;
    private static final int HASHES_OFFSET = 16;

    // The state is always ordered (fromBase64 checks it), so the scan stops at the first larger hash.
    private static boolean contains(Sketch ordered, long hash) {
        HashIterator entries = ordered.iterator();
        while (entries.next()) {
            if (entries.get() >= hash) {
                return entries.get() == hash;
            }
        }
        return false;
    }

    /** The offers of both values; the same as adding all offers of both to one value. */
    public DistinctOffers plus(DistinctOffers other) {
        return union(other.sketch());
    }

    private DistinctOffers union(Sketch other) {
        // The union takes in up to a full sketch every time: allocating its table at full size is cheaper than growing
        // it.
        Union union = SetOperation.builder()
                .setNominalEntries(EXACT_LIMIT)
                .setResizeFactor(ResizeFactor.X1)
                .buildUnion();
        union.union(sketch());
        union.union(other);
        return new DistinctOffers(union.getResult(true, null).toByteArray());
    }

    /** The number of distinct offers: exact up to {@value #EXACT_LIMIT}, an estimate above. */
    public int count() {
        return (int) Math.min(Integer.MAX_VALUE, Math.round(sketch().getEstimate()));
    }

    /** True while {@link #count()} is exact. */
    public boolean isExact() {
        return !sketch().isEstimationMode();
    }

    public int serializedSize() {
        return compactOrderedSketch.length;
    }

    private Sketch sketch() {
        return CompactSketch.wrap(Memory.wrap(compactOrderedSketch));
    }

    /** The state form: the sketch's own compact serialization, base64 in the JSON state. */
    @JsonValue
    String base64() {
        return Base64.getEncoder().encodeToString(compactOrderedSketch);
    }

    @JsonCreator
    static DistinctOffers fromBase64(String base64) {
        return fromBytes(Base64.getDecoder().decode(base64));
    }

    /** The binary state form: the sketch's compact serialization. Not a copy: callers must not write to it. */
    public byte[] bytes() {
        return compactOrderedSketch;
    }

    public static DistinctOffers fromBytes(byte[] bytes) {
        // Rejects corrupt state here rather than at window close; with() relies on the order.
        if (!CompactSketch.wrap(Memory.wrap(bytes)).isOrdered()) {
            throw new IllegalArgumentException("offer sketch in state is not a compact ordered sketch");
        }
        return new DistinctOffers(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DistinctOffers other && Arrays.equals(compactOrderedSketch, other.compactOrderedSketch);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(compactOrderedSketch);
    }

    @Override
    public String toString() {
        return "DistinctOffers[" + count() + (isExact() ? "" : " estimated") + "]";
    }
}
