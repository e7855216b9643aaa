package dev.gpuarb.streams;

import dev.gpuarb.streams.api.ApiServer;
import dev.gpuarb.streams.api.AppMetrics;
import dev.gpuarb.streams.api.KafkaStreamsView;
import dev.gpuarb.streams.api.http.ServerLimits;
import dev.gpuarb.streams.api.live.LiveOptions;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.config.StreamsApp;
import dev.gpuarb.streams.config.StreamsConfigFactory;
import dev.gpuarb.streams.errors.StreamThreadFailures;
import dev.gpuarb.streams.stage.AppSerdes;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running Streams applications this process was configured for ({@code gpuarb.apps}: routing,
 * analytics or both), each its own {@link KafkaStreams}, behind one HTTP API and one metrics registry.
 * {@link App} runs one until the JVM stops; the local launcher runs one beside the other engines.
 * When any application stops or fails, the service counts as stopped: a process never keeps running
 * with one of its applications dead.
 */
public final class StreamsService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

    private final Map<StreamsApp, KafkaStreams> apps = new EnumMap<>(StreamsApp.class);
    private final PrometheusMeterRegistry metrics;
    private final List<KafkaStreamsMetrics> streamsMetrics = new ArrayList<>();
    private final JvmGcMetrics gc;
    private final ApiServer api;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private StreamsService(AppConfig config) throws IOException {
        AppSerdes serdes = AppSerdes.fromConfig(config);
        boolean exactlyOnce = config.text(AppConfig.PROCESSING_GUARANTEE).startsWith("exactly_once");
        metrics = AppMetrics.create();
        gc = AppMetrics.bindGc(metrics);
        try {
            for (StreamsApp app : config.apps()) {
                Topology topology = Topologies.of(app, config, serdes, Clock.systemUTC());
                LOG.info("{} topology:\n{}", app.id(), topology.describe());
                KafkaStreams streams = create(topology, config, app);
                streams.setStateListener((now, before) -> {
                    LOG.info("Kafka Streams ({}) state {} -> {}", app.id(), before, now);
                    if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                        stopped.countDown();
                    }
                });
                streams.setUncaughtExceptionHandler(new StreamThreadFailures(exactlyOnce));
                apps.put(app, streams);
                streamsMetrics.add(AppMetrics.bind(metrics, streams));
            }
            api = ApiServer.start(
                    config.apiBind(),
                    config.apiPort(),
                    config.apiToken(),
                    new KafkaStreamsView(apps, config.apiAdvertised()),
                    metrics,
                    new ServerLimits(config.apiIdleTimeout(), config.apiMaxConnections()),
                    LiveOptions.DEFAULTS.withClientLimits(
                            config.apiLiveMaxClients(), config.apiLiveMaxClientsPerAddress()));
        } catch (IOException | RuntimeException e) {
            closeApps();
            throw e;
        }
    }

    /**
     * Kafka Streams creates its threads (stream threads, their clients' network threads, its cleaner) in its
     * constructor and in {@code start}, each inheriting its creator's priority: constructing and starting analytics
     * at its configured priority gives all of them that priority.
     */
    static KafkaStreams create(Topology topology, AppConfig config, StreamsApp app) {
        return atPriority(
                priority(config, app),
                () -> new KafkaStreams(topology, StreamsConfigFactory.streamsProperties(config, app)));
    }

    static void start(KafkaStreams streams, AppConfig config, StreamsApp app) {
        atPriority(priority(config, app), () -> {
            streams.start();
            return streams;
        });
    }

    private static int priority(AppConfig config, StreamsApp app) {
        return app == StreamsApp.ANALYTICS
                ? config.analyticsThreadPriority()
                : Thread.currentThread().getPriority();
    }

    private static <T> T atPriority(int priority, java.util.function.Supplier<T> action) {
        Thread self = Thread.currentThread();
        int before = self.getPriority();
        self.setPriority(priority);
        try {
            return action.get();
        } finally {
            self.setPriority(before);
        }
    }

    /** Builds the topologies, starts each application and the API. */
    public static StreamsService start(AppConfig config) throws IOException {
        StreamsService service = new StreamsService(config);
        service.apps.forEach((app, streams) -> start(streams, config, app));
        LOG.info("Running {}; API listening on {}", service.apps.keySet(), service.api.address());
        return service;
    }

    /** Where the HTTP API listens. */
    public InetSocketAddress apiAddress() {
        return api.address();
    }

    /** The applications this service runs. */
    public Set<StreamsApp> apps() {
        return apps.keySet();
    }

    /** One application's state. */
    public KafkaStreams.State state(StreamsApp app) {
        KafkaStreams streams = apps.get(app);
        if (streams == null) {
            throw new IllegalArgumentException(app.id() + " does not run in this process");
        }
        return streams.state();
    }

    /**
     * The state of the whole service: the first application not RUNNING (a failure shows whichever
     * application failed), or RUNNING when all are.
     */
    public KafkaStreams.State state() {
        for (KafkaStreams streams : apps.values()) {
            if (streams.state() != KafkaStreams.State.RUNNING) {
                return streams.state();
            }
        }
        return KafkaStreams.State.RUNNING;
    }

    /** The applications whose Kafka Streams is in ERROR or NOT_RUNNING, for messages that name them. */
    public List<StreamsApp> stoppedApps() {
        List<StreamsApp> dead = new ArrayList<>();
        apps.forEach((app, streams) -> {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                dead.add(app);
            }
        });
        return dead;
    }

    /** Blocks until any application stops (closed, or failed). */
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
            closeApps();
            stopped.countDown();
        }
    }

    private void closeApps() {
        // Both close at once: each waits for its threads' last commit, and neither needs the other.
        List<Thread> closing = new ArrayList<>();
        apps.forEach((app, streams) -> {
            Thread t = new Thread(streams::close, "gpuarb-close-" + app.id());
            t.start();
            closing.add(t);
        });
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        gc.close();
        streamsMetrics.forEach(KafkaStreamsMetrics::close);
    }
}
