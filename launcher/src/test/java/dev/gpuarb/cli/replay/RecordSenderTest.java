package dev.gpuarb.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The unreachable-cluster message, whichever deadline fires first: ours or the admin client's own. */
class RecordSenderTest {

    private static String unusedAddress() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void whenTheAdminClientTimesOutFirstTheMessageStillSaysWhere() throws Exception {
        String address = unusedAddress();
        // The admin client's deadline (1 s) is shorter than the replay's (20 s), so it fires first.
        Map<String, Object> props =
                Map.of("bootstrap.servers", address, "default.api.timeout.ms", 1_000, "request.timeout.ms", 500);
        assertThatThrownBy(() -> RecordSender.kafka(props, Set.of("prices.gpu"), Duration.ofSeconds(20)))
                .isInstanceOf(RecordSender.ReplayFailedException.class)
                .hasMessageContaining("Kafka at " + address)
                .hasMessageContaining("did not answer");
    }

    @Test
    void whenOurDeadlineFiresFirstTheMessageSaysWhere() throws Exception {
        String address = unusedAddress();
        Map<String, Object> props = Map.of("bootstrap.servers", address, "default.api.timeout.ms", 60_000);
        long start = System.nanoTime();
        assertThatThrownBy(() -> RecordSender.kafka(props, Set.of("prices.gpu"), Duration.ofSeconds(2)))
                .isInstanceOf(RecordSender.ReplayFailedException.class)
                .hasMessageContaining("Kafka at " + address)
                .hasMessageContaining("did not answer");
        // Not held up by the admin client's own, longer deadline (generous bound for a loaded machine).
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
}
