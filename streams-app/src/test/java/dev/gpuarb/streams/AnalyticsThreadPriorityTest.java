package dev.gpuarb.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.config.StreamsApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Analytics' threads run at the configured priority, routing's and the caller's at theirs. */
class AnalyticsThreadPriorityTest {

    @Test
    void analyticsThreadsTakeTheConfiguredPriorityAndRoutingsKeepTheCallers(@TempDir java.nio.file.Path dir)
            throws Exception {
        AppConfig config = AppConfig.from(Map.of(
                AppConfig.APPLICATION_ID, "priority-test",
                AppConfig.BOOTSTRAP_SERVERS, "127.0.0.1:9", // nothing listens: the threads only need to exist
                AppConfig.STATE_DIR, dir.toString(),
                AppConfig.ANALYTICS_THREAD_PRIORITY, "2"));
        int callers = Thread.currentThread().getPriority();
        KafkaStreams analytics = StreamsService.create(copy(), config, StreamsApp.ANALYTICS);
        KafkaStreams routing = StreamsService.create(copy(), config, StreamsApp.ROUTING);
        try {
            assertThat(Thread.currentThread().getPriority()).isEqualTo(callers);
            StreamsService.start(analytics, config, StreamsApp.ANALYTICS);
            StreamsService.start(routing, config, StreamsApp.ROUTING);
            assertThat(Thread.currentThread().getPriority()).isEqualTo(callers);
            List<Thread> threads = List.copyOf(Thread.getAllStackTraces().keySet());
            List<Thread> analyticsThreads = of(threads, StreamsApp.ANALYTICS.applicationId(config));
            List<Thread> routingThreads = of(threads, StreamsApp.ROUTING.applicationId(config));
            assertThat(analyticsThreads).extracting(Thread::getName).anyMatch(n -> n.contains("StreamThread"));
            assertThat(analyticsThreads).extracting(Thread::getName).anyMatch(n -> n.contains("producer"));
            assertThat(analyticsThreads).allMatch(t -> t.getPriority() == 2);
            assertThat(routingThreads).isNotEmpty().allMatch(t -> t.getPriority() == callers);
        } finally {
            analytics.close(Duration.ofSeconds(10));
            routing.close(Duration.ofSeconds(10));
        }
    }

    private static List<Thread> of(List<Thread> threads, String applicationId) {
        return threads.stream()
                .filter(t -> t.getName().contains(applicationId + "-"))
                .toList();
    }

    private static org.apache.kafka.streams.Topology copy() {
        StreamsBuilder b = new StreamsBuilder();
        b.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return b.build();
    }
}
