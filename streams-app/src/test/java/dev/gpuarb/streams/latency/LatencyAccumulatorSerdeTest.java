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
    void pendingLatenciesReadBack() {
        LatencyAccumulator acc = new LatencyAccumulator(3, 1, null, new double[] {12.5, 0.25, 900});
        LatencyAccumulator back = roundTrip(acc);
        assertThat(back.requests()).isEqualTo(3);
        assertThat(back.errors()).isEqualTo(1);
        assertThat(back.sketch()).isNull();
        assertThat(back.pending()).containsExactly(12.5, 0.25, 900);
    }

    @Test
    void windowsWrittenInFormat1AreStillRead() throws Exception {
        // Format 1, written here field by field: format byte, requests, errors, sketch flag, length, bytes.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(9);
            out.writeLong(2);
            out.writeBoolean(true);
            out.writeInt(3);
            out.write(new byte[] {4, 5, 6});
        }
        LatencyAccumulator old = serde.deserializer().deserialize("t", bytes.toByteArray());
        assertThat(old.requests()).isEqualTo(9);
        assertThat(old.errors()).isEqualTo(2);
        assertThat(old.sketch()).containsExactly(4, 5, 6);
        assertThat(old.pending()).isEmpty();
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
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {7}))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseMessage("unknown latency window aggregate format 7");
    }
}
