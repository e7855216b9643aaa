package dev.gpuarb.streams.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.streams.common.JsonSerde;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class LatestLatencySerdeTest {

    private static final LatestLatency LATENCY = new LatestLatency(182.5, 0.0125, 1_700_000_060_000L);
    private final LatestLatencySerde serde = new LatestLatencySerde();

    @Test
    void binaryFormReadsBackWhatWasWritten() {
        byte[] bytes = serde.serializer().serialize("t", LATENCY);
        assertThat(bytes).hasSize(1 + 8 + 8 + 8);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(LATENCY);
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void latenciesWrittenAsJsonByEarlierVersionsAreStillRead() {
        String json = "{\"p99Ms\":182.5,\"errorRate\":0.0125,\"windowEnd\":1700000060000}";
        assertThat(serde.deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(LATENCY);
        byte[] earlier = JsonSerde.of(LatestLatency.class).serializer().serialize("t", LATENCY);
        assertThat(serde.deserializer().deserialize("t", earlier)).isEqualTo(LATENCY);
    }

    @Test
    void garbageIsASerializationErrorNamingTheState() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 64, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("endpoint latency");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0, 0, 0, 0, 0, 0, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("endpoint latency");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", "{\"p99Ms\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("LatestLatency");
    }
}
