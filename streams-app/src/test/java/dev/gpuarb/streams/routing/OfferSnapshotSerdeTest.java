package dev.gpuarb.streams.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class OfferSnapshotSerdeTest {

    private final OfferSnapshotSerde serde = new OfferSnapshotSerde();

    private OfferSnapshot roundTrip(OfferSnapshot o) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", o));
    }

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        OfferSnapshot gpu = new OfferSnapshot(
                "aws|us-east-1|use1-az1|p5.48xlarge|SPOT",
                "GPU_HOURS",
                "aws",
                "us-east-1",
                "use1-az1",
                "p5.48xlarge",
                "H100-80GB",
                80,
                8,
                "SPOT",
                2.125,
                0,
                0,
                List.of("soc2", "eu-résidency"),
                1_733_000_000_123L,
                1_733_000_900_000L,
                OfferSnapshot.Status.EXPIRED);
        OfferSnapshot token = new OfferSnapshot(
                "together|llama-3.1-70b|",
                "TOKENS",
                "together",
                null,
                null,
                "llama-3.1-70b",
                null,
                0,
                0,
                null,
                0,
                0.88,
                0.9,
                List.of(),
                42L,
                null,
                OfferSnapshot.Status.WITHDRAWN);
        OfferSnapshot live = new OfferSnapshot(
                "x",
                "GPU_HOURS",
                "p",
                "r",
                null,
                "i",
                "L4",
                24,
                1,
                "ON_DEMAND",
                Double.MIN_VALUE,
                0,
                0,
                List.of("a"),
                -5L,
                Long.MAX_VALUE,
                OfferSnapshot.Status.LIVE);
        for (OfferSnapshot o : List.of(gpu, token, live)) {
            assertThat(roundTrip(o)).isEqualTo(o);
        }
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void theReliabilityScoreSurvivesAndSnapshotsWrittenBeforeItAreStillRead() {
        OfferSnapshot vast = new OfferSnapshot(
                "vast|texas-us||machine-7-1x|MARKETPLACE",
                "GPU_HOURS",
                "vast",
                "texas-us",
                null,
                "machine-7-1x",
                "RTX4090",
                24,
                1,
                "MARKETPLACE",
                0.35,
                0,
                0,
                List.of("us"),
                7L,
                9L,
                OfferSnapshot.Status.LIVE,
                0.9981);
        assertThat(roundTrip(vast)).isEqualTo(vast);

        // Format 1 had no reliability: the same bytes without the trailing "absent" flag.
        OfferSnapshot unscored = new OfferSnapshot(
                "o",
                "GPU_HOURS",
                "p",
                "r",
                null,
                "i",
                "L4",
                24,
                1,
                "SPOT",
                1.0,
                0,
                0,
                List.of("t"),
                1L,
                null,
                OfferSnapshot.Status.LIVE);
        byte[] current = serde.serializer().serialize("t", unscored);
        assertThat(current[0]).isEqualTo((byte) 2);
        byte[] formatOne = Arrays.copyOf(current, current.length - 1);
        formatOne[0] = 1;
        OfferSnapshot read = serde.deserializer().deserialize("t", formatOne);
        assertThat(read).isEqualTo(unscored);
        assertThat(read.reliability()).isNull();
    }

    @Test
    void jsonWrittenByEarlierVersionsIsStillRead() {
        // As the JSON serde wrote snapshots before liveness: no validUntil, no status.
        String json =
                "{\"offerId\":\"o1\",\"kind\":\"GPU_HOURS\",\"provider\":\"aws\",\"region\":\"us-east-1\",\"zone\":null,"
                        + "\"product\":\"p5.48xlarge\",\"gpuModel\":\"H100-80GB\",\"gpuMemoryGb\":80,\"gpuCount\":8,"
                        + "\"pricingModel\":\"ON_DEMAND\",\"usdPerGpuHour\":3.5,\"usdPerMillionInput\":0.0,"
                        + "\"usdPerMillionOutput\":0.0,\"tags\":[\"soc2\"],\"observedAt\":1000}";
        OfferSnapshot o = serde.deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
        assertThat(o.offerId()).isEqualTo("o1");
        assertThat(o.usdPerGpuHour()).isEqualTo(3.5);
        assertThat(o.tags()).containsExactly("soc2");
        assertThat(o.validUntil()).isNull();
        assertThat(o.status()).isEqualTo(OfferSnapshot.Status.LIVE);
    }

    @Test
    void damagedBytesAreASerializationErrorNotAnOutOfMemory() {
        byte[] good = serde.serializer()
                .serialize(
                        "t",
                        new OfferSnapshot(
                                "o",
                                "GPU_HOURS",
                                "p",
                                "r",
                                null,
                                "i",
                                "L4",
                                24,
                                1,
                                "SPOT",
                                1.0,
                                0,
                                0,
                                List.of("t"),
                                1L,
                                null,
                                OfferSnapshot.Status.LIVE));
        byte[] truncated = Arrays.copyOf(good, good.length - 3);
        byte[] hugeLength = good.clone();
        hugeLength[1] = 0x7f; // the offer id's length becomes about 2^31
        byte[] otherFormat = good.clone();
        otherFormat[0] = 9;
        for (byte[] bad : List.of(truncated, hugeLength, otherFormat)) {
            assertThatThrownBy(() -> serde.deserializer().deserialize("t", bad))
                    .isInstanceOf(SerializationException.class);
        }
    }
}
