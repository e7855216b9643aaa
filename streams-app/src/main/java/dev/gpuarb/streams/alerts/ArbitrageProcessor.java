package dev.gpuarb.streams.alerts;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.streams.common.PricePoint;
import dev.gpuarb.streams.effect.PriceEvent;
import dev.gpuarb.streams.state.DecodedValues;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Stage 7: input keyed by kind|gpuModel|pricingModel; output alerts keyed by gpuModel|pricingModel|cheap|dear. */
public final class ArbitrageProcessor implements Processor<String, PriceEvent, String, ArbitrageAlert> {

    /** Boards kept decoded per task: one per GPU model and pricing model, a few KB each. */
    static final int BOARDS_DECODED = 1024;

    /** Offers' latest prices kept decoded per task, the most recently priced: a few hundred bytes each. */
    static final int OFFERS_DECODED = 4096;

    private final ArbitrageDetector detector;
    private ProcessorContext<String, ArbitrageAlert> context;
    private DecodedValues<PricePoint> offers;
    private KeyValueStore<String, PricePoint> regionOffers;
    private DecodedValues<RegionBoard> boards;
    private KeyValueStore<String, AlertState> legacy;

    public ArbitrageProcessor(ArbitrageDetector detector) {
        this.detector = detector;
    }

    @Override
    public void init(ProcessorContext<String, ArbitrageAlert> context) {
        this.context = context;
        this.offers = new DecodedValues<>(context.getStateStore(AlertStores.OFFERS), OFFERS_DECODED);
        this.regionOffers = context.getStateStore(AlertStores.REGION_OFFERS);
        this.boards = new DecodedValues<>(context.getStateStore(AlertStores.BOARDS), BOARDS_DECODED);
        this.legacy = context.getStateStore(AlertStores.LEGACY_STATE);
    }

    @Override
    public void process(Record<String, PriceEvent> record) {
        String productKey = record.key();
        OfferBook book = new OfferBook(productKey, offers, regionOffers);
        RegionBoard stored = boards.get(productKey);
        RegionBoard board = stored == null ? fromLegacy(productKey, book) : stored;
        // Most prices leave the board as it was (not their region's cheapest, no alert): those skip its write.
        RegionBoard before = stored == null ? null : board.copy();
        PriceEvent event = record.value();
        List<ArbitrageAlert> alerts = List.of();
        try {
            if (event.withdrawn()) {
                detector.onWithdrawal(board, book, event.offerId(), event.at());
            } else {
                alerts = detector.onPrice(board, book, event.point());
            }
        } catch (RuntimeException e) {
            boards.forget(productKey); // changed in place, not written: the store keeps the board as it was
            throw e;
        }
        if (!board.equals(before)) {
            boards.put(productKey, board);
        }
        for (ArbitrageAlert alert : alerts) {
            context.forward(new Record<>(ArbitrageDetector.alertKey(alert), alert, record.timestamp()));
        }
    }

    /** A model first seen since the upgrade may still have state in the old store: move it, then drop it. */
    private RegionBoard fromLegacy(String productKey, OfferBook book) {
        AlertState old = legacy.get(productKey);
        if (old == null) {
            return RegionBoard.empty();
        }
        RegionBoard board = old.migrateInto(book);
        legacy.delete(productKey);
        return board;
    }
}
