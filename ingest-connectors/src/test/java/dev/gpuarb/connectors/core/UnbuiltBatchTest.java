package dev.gpuarb.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.connectors.core.FixtureHttpServer.Reply;
import dev.gpuarb.connectors.litellm.LiteLlmConfig;
import dev.gpuarb.connectors.litellm.LiteLlmSourceTask;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** A batch whose records fail to build after the source has moved past it is built again, not lost. */
class UnbuiltBatchTest {

    private static final String PRICES = """
            {"gpt-4o": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-06,
                        "output_cost_per_token": 1e-05},
             "claude-sonnet-4": {"litellm_provider": "anthropic", "mode": "chat", "input_cost_per_token": 3e-06,
                        "output_cost_per_token": 1.5e-05}}
            """;

    @Test
    void aBatchThatFailsToBuildOnceIsSentOnTheNextPoll() throws Exception {
        try (FixtureHttpServer server = new FixtureHttpServer()) {
            server.on("/prices.json", Reply.ok(PRICES));
            Map<String, String> props = Map.of(
                    LiteLlmConfig.LOCATIONS,
                    server.uri("/prices.json").toString(),
                    "poll.interval.ms",
                    "0",
                    "poll.backoff.initial.ms",
                    "0",
                    "poll.backoff.max.ms",
                    "0");
            TaskHarness harness = new TaskHarness(LiteLlmSourceTask::new, props);
            PollingSourceTask task = (PollingSourceTask) harness.start();
            AtomicInteger builds = new AtomicInteger();
            task.wrapRecordBuilder(build -> emissions -> {
                if (builds.getAndIncrement() == 0) {
                    throw new IllegalStateException("converter failed once");
                }
                return build.apply(emissions);
            });

            assertThat(harness.poll())
                    .as("the source has marked both prices sent, then building failed")
                    .isEmpty();
            assertThat(task.metrics().pollFailures()).isEqualTo(1);

            List<SourceRecord> next = harness.poll();
            assertThat(next)
                    .extracting(SourceRecord::key)
                    .containsExactlyInAnyOrder("openai|gpt-4o|", "anthropic|claude-sonnet-4|");
            assertThat(server.requests()).as("the same batch, not a new read").hasSize(1);
            assertThat(task.metrics().emitted(dev.gpuarb.topics.Topic.TOKEN_PRICES))
                    .isEqualTo(2);

            assertThat(harness.poll())
                    .as("then nothing more: the prices have not changed")
                    .isEmpty();
            assertThat(server.requests()).hasSize(2);
            harness.stop();
        }
    }
}
