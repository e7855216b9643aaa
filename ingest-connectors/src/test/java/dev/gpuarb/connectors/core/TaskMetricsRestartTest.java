package dev.gpuarb.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.Test;

/**
 * A task restarted while the worker still holds the previous instance's plugin metrics (its stop
 * hung during a broker outage) must start anyway; the real Kafka metrics registry refuses a second
 * metric of the same name, which used to kill the new task in {@code start()}.
 */
class TaskMetricsRestartTest {

    @Test
    void aSecondInstanceOfTheTaskStartsWhileTheFirstStillHoldsItsMetrics() throws Exception {
        try (Metrics worker = new Metrics()) {
            Map<String, String> tags = Map.of("connector", "price-simulator", "task", "0");
            PluginMetricsImpl first = new PluginMetricsImpl(worker, tags);
            PluginMetricsImpl second = new PluginMetricsImpl(worker, tags);
            TaskMetrics old = new TaskMetrics();
            old.register(first);
            old.pollSucceeded();

            assertThatCode(() -> new TaskMetrics().register(second)).doesNotThrowAnyException();

            MetricName polls = first.metricName("polls-total", "", new java.util.LinkedHashMap<>());
            assertThat(worker.metric(polls).metricValue())
                    .as("the old instance's gauge stays until it is closed")
                    .isEqualTo(1L);
            first.close();
            TaskMetrics fresh = new TaskMetrics();
            assertThatCode(() -> fresh.register(new PluginMetricsImpl(worker, tags)))
                    .doesNotThrowAnyException();
            fresh.pollSucceeded();
            fresh.pollSucceeded();
            assertThat(worker.metric(polls).metricValue())
                    .as("once freed, the names are the running task's")
                    .isEqualTo(2L);
            second.close();
        }
    }
}
