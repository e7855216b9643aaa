package dev.gpuarb.streams.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.streams.Topologies;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.config.StreamsApp;
import dev.gpuarb.streams.config.StreamsConfigFactory;
import dev.gpuarb.streams.stage.AppSerdes;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class AppMetricsTest {

    @Test
    void kafkaStreamsMetricsAppearInTheScrape() throws Exception {
        AppConfig config = AppConfig.from(Map.of(
                AppConfig.SCHEMA_REGISTRY_URL, "mock://app-metrics-test",
                StreamsConfig.STATE_DIR_CONFIG,
                        Files.createTempDirectory("metrics").toString(),
                AppConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1"));
        Properties props = StreamsConfigFactory.streamsProperties(config, StreamsApp.ROUTING);
        // never started: the metrics exist from construction on, and no broker is needed
        try (KafkaStreams streams = new KafkaStreams(
                Topologies.of(StreamsApp.ROUTING, config, AppSerdes.fromConfig(config), java.time.Clock.systemUTC()),
                props)) {
            PrometheusMeterRegistry registry = AppMetrics.create();
            KafkaStreamsMetrics binder = AppMetrics.bind(registry, streams);
            try {
                String scrape = registry.scrape();
                assertThat(scrape).contains("kafka_stream_");
                assertThat(scrape).contains("jvm_memory_used_bytes");
            } finally {
                binder.close();
            }
        }
    }
}
