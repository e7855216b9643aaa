package dev.gpuarb.streams.alerts;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.streams.common.PricePoint;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Stage 7: input keyed by kind|gpuModel|pricingModel; output alerts keyed by gpuModel|pricingModel|cheap|dear. */
public final class ArbitrageProcessor implements Processor<String, PricePoint, String, ArbitrageAlert> {

    public static final String STORE = "alerts-state";

    private final ArbitrageDetector detector;
    private ProcessorContext<String, ArbitrageAlert> context;
    private KeyValueStore<String, AlertState> store;

    public ArbitrageProcessor(ArbitrageDetector detector) {
        this.detector = detector;
    }

    @Override
    public void init(ProcessorContext<String, ArbitrageAlert> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, PricePoint> record) {
        AlertState state = store.get(record.key());
        if (state == null) {
            state = AlertState.empty();
        }
        var alerts = detector.onPrice(state, record.value());
        store.put(record.key(), state);
        for (ArbitrageAlert alert : alerts) {
            context.forward(new Record<>(ArbitrageDetector.alertKey(alert), alert, record.timestamp()));
        }
    }
}
