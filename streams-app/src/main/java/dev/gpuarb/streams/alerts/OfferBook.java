package dev.gpuarb.streams.alerts;

import dev.gpuarb.streams.common.Keys;
import dev.gpuarb.streams.common.PricePoint;
import dev.gpuarb.streams.state.DecodedValues;
import java.util.Comparator;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The latest price of every offer of one GPU model and pricing model, one store entry per offer, indexed
 * twice: by offer (to check event time and find the offer's region) and by region (to find a region's
 * cheapest offer with a prefix scan). Every price reads its offer's entry by offer: the most recent of
 * those are kept decoded ({@link DecodedValues}), and a region scan reads the store.
 */
public final class OfferBook {

    /** Cheapest first; equal prices by offer id, so the choice never depends on arrival order. */
    public static final Comparator<PricePoint> CHEAPEST =
            Comparator.comparingDouble(PricePoint::price).thenComparing(PricePoint::offerId);

    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private final String productKey;
    private final DecodedValues<PricePoint> byOffer;
    private final KeyValueStore<String, PricePoint> byRegion;

    public OfferBook(String productKey, DecodedValues<PricePoint> byOffer, KeyValueStore<String, PricePoint> byRegion) {
        this.productKey = productKey;
        this.byOffer = byOffer;
        this.byRegion = byRegion;
    }

    public PricePoint latest(String offerId) {
        return byOffer.get(Keys.join(productKey, offerId));
    }

    /** Records {@code price} as its offer's latest; {@code previous} is what {@link #latest} returned before. */
    public void put(PricePoint price, PricePoint previous) {
        if (previous != null && !previous.region().equals(price.region())) {
            byRegion.delete(regionKey(previous));
        }
        byOffer.put(Keys.join(productKey, price.offerId()), price);
        byRegion.put(regionKey(price), price);
    }

    /**
     * Records the offer's withdrawal at {@code at}: it leaves its region (no longer anyone's cheapest) but
     * keeps its entry by offer, dated {@code at}, so that a price older than the withdrawal arriving late
     * is still recognised as older and ignored.
     */
    public void withdraw(PricePoint known, long at) {
        byRegion.delete(regionKey(known));
        byOffer.put(
                Keys.join(productKey, known.offerId()),
                new PricePoint(
                        known.kind(),
                        known.product(),
                        known.pricingModel(),
                        known.region(),
                        known.provider(),
                        known.offerId(),
                        known.price(),
                        at,
                        known.validUntil()));
    }

    /** The cheapest current offer of {@code region}, scanning that region's offers only. */
    public Optional<PricePoint> cheapestIn(String region) {
        return cheapestIn(region, Long.MIN_VALUE);
    }

    /**
     * The cheapest offer of {@code region} whose latest price still holds at {@code t} (its validUntil
     * is after {@code t}), scanning that region's offers only.
     */
    public Optional<PricePoint> cheapestIn(String region, long t) {
        PricePoint cheapest = null;
        // The trailing separator keeps "us-east-1" from matching "us-east-10".
        String prefix = Keys.join(productKey, region, "");
        try (KeyValueIterator<String, PricePoint> offers = byRegion.prefixScan(prefix, PREFIX_SERIALIZER)) {
            while (offers.hasNext()) {
                PricePoint p = offers.next().value;
                if (p.holdsAt(t) && (cheapest == null || CHEAPEST.compare(p, cheapest) < 0)) {
                    cheapest = p;
                }
            }
        }
        return Optional.ofNullable(cheapest);
    }

    private String regionKey(PricePoint p) {
        return Keys.join(productKey, p.region(), p.offerId());
    }
}
