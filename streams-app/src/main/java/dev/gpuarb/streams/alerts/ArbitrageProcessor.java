package dev.gpuarb.streams.alerts;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.streams.common.PricePoint;
import dev.gpuarb.streams.effect.PriceEvent;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Stage 7: input keyed by kind|gpuModel|pricingModel; output alerts keyed by gpuModel|pricingModel|cheap|dear. */
public final class ArbitrageProcessor implements Processor<String, PriceEvent, String, ArbitrageAlert> {

    private final ArbitrageDetector detector;
    private ProcessorContext<String, ArbitrageAlert> context;
    private KeyValueStore<String, PricePoint> offers;
    private KeyValueStore<String, PricePoint> regionOffers;
    private KeyValueStore<String, RegionBoard> boards;
    private KeyValueStore<String, AlertState> legacy;

    public ArbitrageProcessor(ArbitrageDetector detector) {
        this.detector = detector;
    }

    @Override
    public void init(ProcessorContext<String, ArbitrageAlert> context) {
        this.context = context;
        this.offers = context.getStateStore(AlertStores.OFFERS);
        this.regionOffers = context.getStateStore(AlertStores.REGION_OFFERS);
        this.boards = context.getStateStore(AlertStores.BOARDS);
        this.legacy = context.getStateStore(AlertStores.LEGACY_STATE);
    }

    @Override
    public void process(Record<String, PriceEvent> record) {
        String productKey = record.key();
        OfferBook book = new OfferBook(productKey, offers, regionOffers);
        RegionBoard board = boards.get(productKey);
        if (board == null) {
            board = fromLegacy(productKey, book);
        }
        PriceEvent event = record.value();
        List<ArbitrageAlert> alerts = List.of();
        if (event.withdrawn()) {
            detector.onWithdrawal(board, book, event.offerId(), event.at());
        } else {
            alerts = detector.onPrice(board, book, event.point());
        }
        boards.put(productKey, board);
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
