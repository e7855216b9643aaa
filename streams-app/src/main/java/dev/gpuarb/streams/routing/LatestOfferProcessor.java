package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.streams.state.DecodedValues;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Keeps the latest price of each offer by event time (the API's offer views read the store) and sends
 * each price on to the route engine, addressed to its home ({@link RouteHomes}): one store read and one
 * write per price. The home an offer had before the price is the stored price's, so a price that changes
 * the offer's product also reaches the old product's partition, whose routes must stop using it.
 *
 * <p>A price older than the stored one changes nothing and is not passed on: every partition holding the
 * offer has a newer price and would ignore it, and one that does not hold it must not take it up. A price
 * equal in every field to the stored one (a re-delivery) is not passed on either: the engine holds it
 * already. One of the same observation time that differs (a re-confirmation with a later validUntil)
 * replaces the stored one and goes on, as a newer price does. Store key: the offer id.
 *
 * <p>The most recently used prices stay decoded ({@link DecodedValues}), so a busy offer's price is not
 * decoded again on each tick. The price is stored as the object it came as, never changed in place: one
 * that validation passed on unchanged is then written as the bytes it arrived as, not encoded again
 * ({@code AppSerdes}).
 */
final class LatestOfferProcessor<V> implements FixedKeyProcessor<String, V, RoutedOffer> {

    /** Per task; a few thousand offers tick most of the time in any market seen so far. */
    static final int DECODED_PRICES = 4096;

    /** What the processor reads of one kind of price. */
    record Kind<V>(
            Function<V, String> offerId,
            ToLongFunction<V> observedAt,
            Function<V, String> home,
            Function<V, OfferSnapshot> snapshot) {}

    static final Kind<GpuPriceObservation> GPU = new Kind<>(
            GpuPriceObservation::getOfferId,
            o -> o.getObservedAt().toEpochMilli(),
            o -> RouteHomes.ofProduct(WorkloadKind.GPU_HOURS, o.getGpuModel()),
            OfferSnapshot::of);

    static final Kind<TokenPriceObservation> TOKENS = new Kind<>(
            TokenPriceObservation::getOfferId,
            o -> o.getObservedAt().toEpochMilli(),
            o -> RouteHomes.ofProduct(WorkloadKind.TOKENS, o.getModel()),
            OfferSnapshot::of);

    private final String storeName;
    private final Kind<V> kind;
    private FixedKeyProcessorContext<String, RoutedOffer> context;
    private DecodedValues<ValueAndTimestamp<V>> latest;

    LatestOfferProcessor(String storeName, Kind<V> kind) {
        this.storeName = storeName;
        this.kind = kind;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, RoutedOffer> context) {
        this.context = context;
        TimestampedKeyValueStore<String, V> store = context.getStateStore(storeName);
        this.latest = new DecodedValues<>(store, DECODED_PRICES);
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        V price = record.value();
        if (price == null) {
            return; // validation passes no null price; nothing to keep or route
        }
        String offerId = kind.offerId().apply(price);
        ValueAndTimestamp<V> stored = latest.get(offerId);
        String before = null;
        long timestamp = record.timestamp();
        if (stored != null) {
            V known = stored.value();
            if (kind.observedAt().applyAsLong(known) > kind.observedAt().applyAsLong(price) || known.equals(price)) {
                return;
            }
            before = kind.home().apply(known);
            timestamp = Math.max(timestamp, stored.timestamp());
        }
        latest.put(offerId, ValueAndTimestamp.make(price, timestamp));
        String home = kind.home().apply(price);
        context.forward(record.withValue(
                new RoutedOffer(kind.snapshot().apply(price), before == null || before.equals(home) ? null : before)));
    }
}
