package dev.gpuarb.streams.config;

import dev.gpuarb.streams.errors.ProductionFailures;
import dev.gpuarb.streams.errors.RegistryAwareDeserializationHandler;
import dev.gpuarb.streams.errors.SizeCheckingClientSupplier;
import dev.gpuarb.streams.state.BoundedRocksDbMemory;
import dev.gpuarb.streams.time.ObservationTimestampExtractor;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/** Turns {@link AppConfig} into Kafka Streams properties; kept apart from main so tests use the same settings. */
public final class StreamsConfigFactory {

    /** Room above the largest allowed skew, for clocks that differ between the app's host and the brokers. */
    static final long FUTURE_MARGIN_MS = 24 * 60 * 60_000L;

    static final long ANALYTICS_TRANSACTION_TIMEOUT_MS = 60_000L;

    private StreamsConfigFactory() {}

    /**
     * The Kafka Streams properties of one application. Non-gpuarb keys apply to both applications, except
     * the commit interval, which is each application's own ({@code gpuarb.<app>.commit.interval.ms}).
     */
    public static Properties streamsProperties(AppConfig config, StreamsApp app) {
        Properties props = new Properties();
        // Non-gpuarb keys pass straight to Kafka Streams and its clients (state.dir, num.stream.threads, ...).
        config.asMap().forEach((k, v) -> {
            if (!k.startsWith("gpuarb.")) {
                props.put(k, v);
            }
        });
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, app.applicationId(config));
        props.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                Long.toString(config.commitInterval(app).toMillis()));
        if (config.rocksDbMemoryBytes(app) > 0) {
            props.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
            props.put(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, Long.toString(config.rocksDbMemoryBytes(app)));
        }
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.text(AppConfig.PROCESSING_GUARANTEE));
        props.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, ObservationTimestampExtractor.class);
        props.put(
                ObservationTimestampExtractor.MAX_FUTURE_SKEW_MS_CONFIG,
                Long.toString(config.maxFutureSkew().toMillis()));
        // Internal topics are stamped with event times: a replay of old history must never be refused as too
        // old, and the cap in the extractor already keeps them from running ahead (see EventTimes).
        props.putIfAbsent(
                StreamsConfig.topicPrefix(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG),
                Long.toString(Long.MAX_VALUE));
        props.putIfAbsent(
                StreamsConfig.topicPrefix(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG),
                Long.toString(AppConfig.MAX_FUTURE_SKEW_MS + FUTURE_MARGIN_MS));
        // A record Kafka refuses is reported on prices.rejected instead of stopping the thread where it can be.
        props.putIfAbsent(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionFailures.class);
        // ... and a record over the producer's size limit is refused before it can fail an exactly-once transaction.
        props.putIfAbsent(StreamsConfig.DEFAULT_CLIENT_SUPPLIER_CONFIG, SizeCheckingClientSupplier.class);
        if (app == StreamsApp.ANALYTICS) {
            // Closing a pane of prices in effect reads every live offer of a partition within one record's
            // processing (PricesInEffectProcessor): at a million offers that is seconds, and Kafka Streams'
            // 10 s default would let the broker abort the transaction under it. Routing keeps the default.
            props.putIfAbsent(
                    StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                    Long.toString(ANALYTICS_TRANSACTION_TIMEOUT_MS));
        }
        if (app == StreamsApp.ROUTING) {
            // Task idling off for routing: with any value >= 0, Kafka Streams 4.3 (4.4 too) formats a log line
            // for every empty input partition of a task on every record it processes, trace logging or not.
            // Routing's tasks each have a mostly empty input (policies, latency, token prices), and that
            // formatting took a tenth of its stream thread (benchmarks/RESULTS.md, 2026-12-07). Idling makes a
            // task whose other inputs have nothing buffered wait until it has fetched them, so a backlog is
            // read in timestamp order across inputs. Routing's multi-input tasks keep no event-time windows
            // (the engine decides on each input as it comes), so that order changes only which intermediate
            // decisions a catch-up emits. Analytics keeps Kafka's default: its panes drop what comes after
            // grace, and a backlog read one input ahead of another would make the other late.
            props.putIfAbsent(
                    StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        }
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        // Undecodable records are skipped, but a registry outage is waited out (see the handler).
        props.putIfAbsent(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                RegistryAwareDeserializationHandler.class);
        // Lets interactive queries find which instance holds a key.
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.apiAdvertised());
        return props;
    }
}
