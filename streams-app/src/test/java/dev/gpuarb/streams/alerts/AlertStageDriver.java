package dev.gpuarb.streams.alerts;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.registry.InMemorySchemaRegistry;
import dev.gpuarb.serde.AvroSerde;
import dev.gpuarb.streams.common.JsonSerde;
import dev.gpuarb.streams.common.PricePoint;
import dev.gpuarb.streams.effect.PriceEvent;
import dev.gpuarb.streams.effect.PriceEventSerde;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Stage 7 alone in a TopologyTestDriver: prices and withdrawals keyed by product key in, alerts out. */
final class AlertStageDriver implements AutoCloseable {

    private final String registryScope = "alerts-" + UUID.randomUUID();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, PriceEvent> prices;
    private final TestOutputTopic<String, ArbitrageAlert> alerts;

    AlertStageDriver(double thresholdPct, long throttleMs) throws Exception {
        this(new ArbitrageDetector(thresholdPct, throttleMs));
    }

    AlertStageDriver(ArbitrageDetector detector) throws Exception {
        Serde<String> key = Serdes.String();
        AvroSerde<ArbitrageAlert> alertSerde = AvroSerde.specific(ArbitrageAlert.class);
        alertSerde.configure(Map.of("schema.registry.url", "mock://" + registryScope), false);
        StreamsBuilder builder = new StreamsBuilder();
        ArbitrageStage.alerts(builder.stream("prices", Consumed.with(key, new PriceEventSerde())), detector, key)
                .to("alerts", Produced.with(key, alertSerde));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alerts-stage-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("gpuarb-alerts-test").toString());
        driver = new TopologyTestDriver(builder.build(), props);
        prices = driver.createInputTopic("prices", key.serializer(), new PriceEventSerde().serializer());
        alerts = driver.createOutputTopic("alerts", key.deserializer(), alertSerde.deserializer());
    }

    /** Sends one price keyed as the repartitioned stream is, and returns the alerts it caused. */
    List<ArbitrageAlert> send(PricePoint p) {
        return send(p, false);
    }

    /** Sends the offer's withdrawal at {@code p.at()}, and returns the alerts it caused (none). */
    List<ArbitrageAlert> withdraw(PricePoint p) {
        return send(p, true);
    }

    private List<ArbitrageAlert> send(PricePoint p, boolean withdrawn) {
        PriceEvent event = new PriceEvent(
                p.kind(),
                p.product(),
                p.pricingModel(),
                p.region(),
                p.provider(),
                p.offerId(),
                p.price(),
                p.at(),
                p.validUntil() == null ? Long.MAX_VALUE : p.validUntil(),
                withdrawn,
                null);
        prices.pipeInput(p.productKey(), event, p.at());
        return alerts.readValuesToList();
    }

    <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /** Every value of the store, as the changelog would carry it. */
    <V> List<byte[]> serializedValues(String name, Class<V> type) {
        List<byte[]> values = new ArrayList<>();
        try (KeyValueIterator<String, V> all = this.<V>store(name).all()) {
            while (all.hasNext()) {
                KeyValue<String, V> kv = all.next();
                values.add(JsonSerde.of(type).serializer().serialize(name, kv.value));
            }
        }
        return values;
    }

    @Override
    public void close() {
        driver.close();
        InMemorySchemaRegistry.dropScope(registryScope);
    }
}
