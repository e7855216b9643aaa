package dev.gpuarb.streams.spreads;

import static dev.gpuarb.streams.spreads.SpreadAccumulatorTest.aggregate;
import static dev.gpuarb.streams.spreads.SpreadAccumulatorTest.legacy;
import static dev.gpuarb.streams.spreads.SpreadAccumulatorTest.point;
import static dev.gpuarb.streams.spreads.SpreadAccumulatorTest.points;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.streams.common.JsonSerde;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SpreadStateSerdeTest {

    private static final SpreadStateSerde SERDE = new SpreadStateSerde();
    private static final String TOPIC = "spreads-windows-changelog";

    private static byte[] write(SpreadAccumulator acc) {
        return SERDE.serializer().serialize(TOPIC, acc);
    }

    private static SpreadAccumulator read(byte[] bytes) {
        return SERDE.deserializer().deserialize(TOPIC, bytes);
    }

    @Test
    void aggregatesRoundTripAndEqualAggregatesGiveEqualBytes() {
        List<SpreadAccumulator> cases = new ArrayList<>(List.of(SpreadAccumulator.empty(),
                new SpreadAccumulator("TOKENS", "llama-3-70b", null, new TreeMap<>(), DistinctOffers.none())));
        long seed = 1;
        for (int offers : new int[] {1, 7, 300, 4_096, 9_000}) {
            cases.add(aggregate(points(offers, offers * 2, seed++)));
        }
        for (SpreadAccumulator acc : cases) {
            byte[] bytes = write(acc);
            assertThat(bytes[0]).isEqualTo(SpreadStateSerde.FORMAT);
            SpreadAccumulator back = read(bytes);
            assertThat(back).isEqualTo(acc);
            assertThat(back.offerCount()).isEqualTo(acc.offerCount());
            assertThat(write(back)).isEqualTo(bytes);
        }
    }

    @Test
    void readsTheJsonStateOfEarlierVersions() throws Exception {
        SpreadAccumulator acc = aggregate(points(500, 1_500, 3));
        byte[] json = JsonSerde.of(SpreadAccumulator.class).serializer().serialize(TOPIC, acc);
        assertThat(read(json)).isEqualTo(acc);

        // the format before the sketch: every offer id
        List<dev.gpuarb.streams.common.PricePoint> quarters = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            quarters.add(point(i % 150, 1 + (i % 40) / 4.0));
        }
        byte[] oldest = JsonSerde.MAPPER.writeValueAsBytes(legacy(quarters));
        assertThat(read(oldest).offers()).isEqualTo(aggregate(quarters).offers());
        assertThat(read(oldest).offerCount()).isEqualTo(150);
    }

    @Test
    void theBinaryStateIsSmallerThanTheJson() {
        SpreadAccumulator acc = aggregate(points(20_000, 20_000, 5));
        byte[] json = JsonSerde.of(SpreadAccumulator.class).serializer().serialize(TOPIC, acc);
        assertThat(write(acc).length).isLessThan(json.length * 3 / 4);
        assertThat(write(acc).length).isLessThan(DistinctOffers.MAX_SERIALIZED_BYTES + 4_096);
    }

    @Test
    void corruptStateIsRejectedWithAReasonNeverReadAsAnotherAggregate() {
        byte[] bytes = write(aggregate(points(50, 120, 9)));
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> read(truncated)).as("truncated to %d bytes", length)
                    .isInstanceOf(SerializationException.class);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> read(longer)).isInstanceOf(SerializationException.class).hasMessageContaining("after its end");

        byte[] otherFormat = bytes.clone();
        otherFormat[0] = 7;
        assertThatThrownBy(() -> read(otherFormat)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 7");
    }

    @Test
    void nullIsNull() {
        assertThat(write(null)).isNull();
        assertThat(read(null)).isNull();
    }
}
