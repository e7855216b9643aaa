package dev.gpuarb.streams.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.gpuarb.streams.common.JsonSerde;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class LatencyAccumulatorSerdeTest {

    private final LatencyAccumulatorSerde serde = new LatencyAccumulatorSerde();

    private LatencyAccumulator roundTrip(LatencyAccumulator acc) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", acc));
    }

    @Test
    void binaryFormReadsBackCountsAndSketch() {
        DDSketch sketch = LatencySketch.create(0.01);
        for (int ms = 1; ms <= 100; ms++) {
            sketch.accept(ms);
        }
        LatencyAccumulator acc = new LatencyAccumulator(100, 7, LatencySketch.encode(sketch));

        LatencyAccumulator back = roundTrip(acc);

        assertThat(back.requests()).isEqualTo(100);
        assertThat(back.errors()).isEqualTo(7);
        assertThat(back.sketch()).containsExactly(acc.sketch());
        // p99 of 1..100 ms is 99 ms, within the sketch's 1 % relative accuracy
        assertThat(LatencySketch.decode(back.sketch()).getValueAtQuantile(0.99)).isCloseTo(99, within(0.99));

        LatencyAccumulator empty = roundTrip(LatencyAccumulator.empty());
        assertThat(empty.requests()).isZero();
        assertThat(empty.sketch()).isNull();
        assertThat(serde.serializer().serialize("t", null)).isNull();
    }

    @Test
    void windowsWrittenAsJsonByEarlierVersionsAreStillRead() {
        // {1, 2, 3} in base64, as Jackson writes a byte array
        String json = "{\"requests\":3,\"errors\":1,\"sketch\":\"AQID\"}";
        LatencyAccumulator old = serde.deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
        assertThat(old.requests()).isEqualTo(3);
        assertThat(old.errors()).isEqualTo(1);
        assertThat(old.sketch()).containsExactly(1, 2, 3);

        byte[] earlier =
                JsonSerde.of(LatencyAccumulator.class).serializer().serialize("t", new LatencyAccumulator(5, 0, null));
        LatencyAccumulator fromEarlier = serde.deserializer().deserialize("t", earlier);
        assertThat(fromEarlier.requests()).isEqualTo(5);
        assertThat(fromEarlier.sketch()).isNull();
    }

    @Test
    void garbageIsASerializationErrorNamingTheState() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("latency window aggregate");
        // a sketch length beyond the bytes that follow
        byte[] truncated = {1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 9, 5};
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("latency window aggregate");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("latency window aggregate");
    }
}
