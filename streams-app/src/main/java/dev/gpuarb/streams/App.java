package dev.gpuarb.streams;

import dev.gpuarb.streams.api.ApiServer;
import dev.gpuarb.streams.api.AppMetrics;
import dev.gpuarb.streams.api.KafkaStreamsView;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the Streams application: {@code App [config.properties]}. Settings come from the file, then
 * from system properties (-Dkey=value) which win. See README for every key.
 */
public final class App {

    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private App() {
    }

    public static void main(String[] args) throws Exception {
        AppConfig config = AppConfig.from(loadSettings(args));
        Topology topology = TopologyBuilder.buildTopology(config, AppSerdes.fromConfig(config));
        LOG.info("Topology:\n{}", topology.describe());
        KafkaStreams streams = new KafkaStreams(topology, StreamsConfigFactory.streamsProperties(config));
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        PrometheusMeterRegistry metrics = AppMetrics.create();
        KafkaStreamsMetrics streamsMetrics = AppMetrics.bind(metrics, streams);
        JvmGcMetrics gc = AppMetrics.bindGc(metrics);
        try (ApiServer api = ApiServer.start(config.apiBind(), config.apiPort(), config.apiToken(),
                new KafkaStreamsView(streams, config.apiAdvertised()), metrics)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                streams.close();
                stopped.countDown();
            }, "gpuarb-shutdown"));
            streams.start();
            LOG.info("API listening on {}", api.address());
            stopped.await();
        } finally {
            gc.close();
            streamsMetrics.close();
            streams.close();
        }
    }

    static Properties loadSettings(String[] args) throws IOException {
        Properties settings = new Properties();
        if (args.length > 0) {
            try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
                settings.load(in);
            }
        }
        // Only this application's keys: other gpuarb.* system properties may belong to other components.
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> AppConfig.DEFAULTS.containsKey(k) || k.startsWith(AppConfig.FX_PREFIX))
                .forEach(k -> settings.setProperty(k, System.getProperty(k)));
        return settings;
    }
}
