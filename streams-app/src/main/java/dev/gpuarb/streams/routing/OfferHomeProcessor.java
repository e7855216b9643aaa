package dev.gpuarb.streams.routing;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Addresses each offer to its home (see {@link RouteHomes}), in the partitions the prices arrive in
 * (keyed by offer id): remembers each offer's home, so a price that changes the offer's product also
 * reaches the old product's partition, whose routes must stop using it. The store is cached, so its
 * changelog carries one record per offer and commit.
 *
 * <p>A price older than the latest one seen of its offer is not passed on: every partition holding
 * the offer has a newer price and would ignore it, and one that does not hold it must not take it up.
 * Store value: the latest price's observedAt, ':', its home.
 */
public final class OfferHomeProcessor implements FixedKeyProcessor<String, OfferSnapshot, RoutedOffer> {

    private final String storeName;
    private FixedKeyProcessorContext<String, RoutedOffer> context;
    private KeyValueStore<String, String> homes;

    public OfferHomeProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, RoutedOffer> context) {
        this.context = context;
        this.homes = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, OfferSnapshot> record) {
        OfferSnapshot offer = record.value();
        String home = RouteHomes.of(offer);
        String stored = homes.get(offer.offerId());
        String before = null;
        long latest = Long.MIN_VALUE;
        if (stored != null) {
            int colon = stored.indexOf(':');
            latest = Long.parseLong(stored.substring(0, colon));
            if (latest > offer.observedAt()) {
                return;
            }
            before = stored.substring(colon + 1);
        }
        if (latest != offer.observedAt() || !home.equals(before)) {
            homes.put(offer.offerId(), offer.observedAt() + ":" + home);
        }
        context.forward(
                record.withValue(new RoutedOffer(offer, before == null || before.equals(home) ? null : before)));
    }
}
