package dev.gpuarb.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.connectors.core.FixtureHttpServer.Reply;
import dev.gpuarb.connectors.litellm.LiteLlmConfig;
import dev.gpuarb.connectors.litellm.LiteLlmSourceTask;
import dev.gpuarb.testkit.CapturedLogs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a provider answers reaches the log escaped: it cannot forge lines or drive the terminal. */
class UpstreamTextInLogsTest {

    /** Clears the screen, retitles the terminal window, then starts a forged log line. */
    private static final String HOSTILE =
            "\u001b[2J\u001b]0;owned\u0007\r\n12:00:00.000 INFO  PollingSourceTask - all good\u0085\u202e";

    @Test
    void anErrorBodyIsEscapedInTheRetryAndFailureLines() throws Exception {
        try (FixtureHttpServer server = new FixtureHttpServer()) {
            server.on("/prices.json", new Reply(503, HOSTILE, Map.of(), 0));
            Map<String, String> props = Map.of(
                    LiteLlmConfig.LOCATIONS,
                    server.uri("/prices.json").toString(),
                    "poll.interval.ms",
                    "0",
                    "http.max.retries",
                    "1",
                    "http.retry.backoff.initial.ms",
                    "1");
            TaskHarness harness = new TaskHarness(LiteLlmSourceTask::new, props);
            harness.start();

            List<String> lines;
            try (CapturedLogs logs = CapturedLogs.project()) {
                harness.poll();
                lines = logs.lines();
            }
            harness.stop();

            assertThat(lines)
                    .filteredOn(l -> l.contains("HttpFetcher") || l.contains("PollingSourceTask"))
                    .as("the retry (debug) and the failed poll (warn)")
                    .hasSize(2)
                    .allSatisfy(l -> assertThat(l)
                            .contains(
                                    "\\u001b[2J\\u001b]0;owned\\u0007\\r\\n12:00:00.000 INFO",
                                    "all good\\u0085\\u202e"))
                    .allSatisfy(l -> assertThat(l.chars()).noneMatch(UpstreamTextInLogsTest::unsafe));
        }
    }

    @Test
    void escapesControlAndInvisibleFormatCharactersOnly() {
        assertThat(LogText.escape("GET https://example.test/a b?c=ü — ok"))
                .isEqualTo("GET https://example.test/a b?c=ü — ok");
        assertThat(LogText.escape("a\tb\u0000c\u007fd\u009be\u2028f\u200eg"))
                .isEqualTo("a\\tb\\u0000c\\u007fd\\u009be\\u2028f\\u200eg");
        assertThat(LogText.escape(null)).isEqualTo("null");
    }

    private static boolean unsafe(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0x202e;
    }
}
