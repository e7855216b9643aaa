package dev.gpuarb.streams;

import dev.gpuarb.streams.api.ApiServer;
import dev.gpuarb.streams.api.AppMetrics;
import dev.gpuarb.streams.api.KafkaStreamsView;
import dev.gpuarb.streams.api.http.ServerLimits;
import dev.gpuarb.streams.api.live.LiveOptions;
import dev.gpuarb.streams.errors.StreamThreadFailures;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running application: the production topology in Kafka Streams, its HTTP API and metrics.
 * {@link App} runs one until the JVM stops; the local launcher runs one beside the other engines.
 */
public final class StreamsService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

    private final KafkaStreams streams;
    private final PrometheusMeterRegistry metrics;
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gc;
    private final ApiServer api;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private StreamsService(AppConfig config) throws IOException {
        Topology topology = TopologyBuilder.buildTopology(config, AppSerdes.fromConfig(config));
        LOG.info("Topology:\n{}", topology.describe());
        streams = new KafkaStreams(topology, StreamsConfigFactory.streamsProperties(config));
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(new StreamThreadFailures(
                config.text(AppConfig.PROCESSING_GUARANTEE).startsWith("exactly_once")));
        metrics = AppMetrics.create();
        streamsMetrics = AppMetrics.bind(metrics, streams);
        gc = AppMetrics.bindGc(metrics);
        try {
            api = ApiServer.start(config.apiBind(), config.apiPort(), config.apiToken(),
                    new KafkaStreamsView(streams, config.apiAdvertised()), metrics,
                    new ServerLimits(config.apiIdleTimeout(), config.apiMaxConnections()),
                    LiveOptions.DEFAULTS.withClientLimits(config.apiLiveMaxClients(), config.apiLiveMaxClientsPerAddress()));
        } catch (IOException | RuntimeException e) {
            gc.close();
            streamsMetrics.close();
            streams.close();
            throw e;
        }
    }

    /** Builds the topology, starts Kafka Streams and the API. */
    public static StreamsService start(AppConfig config) throws IOException {
        StreamsService service = new StreamsService(config);
        service.streams.start();
        LOG.info("API listening on {}", service.api.address());
        return service;
    }

    /** Where the HTTP API listens. */
    public InetSocketAddress apiAddress() {
        return api.address();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Blocks until Kafka Streams stops (closed, or failed). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            api.close();
        } finally {
            streams.close();
            gc.close();
            streamsMetrics.close();
            stopped.countDown();
        }
    }
}
