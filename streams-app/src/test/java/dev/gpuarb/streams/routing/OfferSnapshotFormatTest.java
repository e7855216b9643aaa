package dev.gpuarb.streams.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The binary formats of offer snapshots and routed offers, byte for byte: stores, changelogs and the
 * repartition topic hold values written in them, and must stay readable and be written the same.
 */
class OfferSnapshotFormatTest {

    private final OfferSnapshotSerde snapshots = new OfferSnapshotSerde();
    private final RoutedOfferSerde routed = new RoutedOfferSerde();

    /** Non-ASCII strings, an empty tag, a zone, validUntil and reliability present. */
    private static final OfferSnapshot SCORED = new OfferSnapshot(
            "vast|texas-us||m-7|MARKETPLACE",
            "GPU_HOURS",
            "vast",
            "texas-us",
            "zone-é",
            "m-7",
            "RTX4090",
            24,
            2,
            "MARKETPLACE",
            0.35,
            0,
            0,
            List.of("soc2", "eu-résidency", "数据", ""),
            1_733_000_000_123L,
            1_733_000_900_000L,
            OfferSnapshot.Status.LIVE,
            0.9981);

    /** Every nullable field null, no tags. */
    private static final OfferSnapshot SPARSE = new OfferSnapshot(
            "together|llama|",
            "TOKENS",
            "together",
            null,
            null,
            "llama",
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
            OfferSnapshot.Status.WITHDRAWN,
            null);

    // Written by the Data-stream implementation these serdes had before they wrote to arrays (069b7e8).
    private static final String SCORED_SNAPSHOT = "020000001e766173747c74657861732d75737c7c6d2d377c4d41524b4554504c41"
            + "4345000000094750555f484f55525300000004766173740000000874657861732d7573000000077a6f6e652dc3a900"
            + "0000036d2d3700000007525458343039300000000b4d41524b4554504c41434500000018000000023fd66666666666"
            + "66000000000000000000000000000000000000000400000004736f63320000000d65752d72c3a9736964656e637900"
            + "000006e695b0e68dae00000000000001937ed9727b01000001937ee72da04c013feff06f69446738";
    private static final String SPARSE_ROUTED_FROM_ELSEWHERE = "01000000136770752d686f7572737c483130302d3830"
            + "4742020000000f746f6765746865727c6c6c616d617c00000006544f4b454e5300000008746f676574686572ffffff"
            + "ffffffffff000000056c6c616d61ffffffffffffffff000000000000000000000000000000003fec28f5c28f5c293f"
            + "eccccccccccccd00000000000000000000002a005700";
    private static final String SCORED_ROUTED = "01ffffffff" + SCORED_SNAPSHOT;

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void snapshotsAreWrittenAsBefore() {
        assertThat(snapshots.serializer().serialize("t", SCORED)).isEqualTo(hex(SCORED_SNAPSHOT));
    }

    @Test
    void routedOffersAreWrittenAsBefore() {
        assertThat(routed.serializer().serialize("t", new RoutedOffer(SPARSE, "gpu-hours|H100-80GB")))
                .isEqualTo(hex(SPARSE_ROUTED_FROM_ELSEWHERE));
        assertThat(routed.serializer().serialize("t", new RoutedOffer(SCORED, null)))
                .isEqualTo(hex(SCORED_ROUTED));
    }

    @Test
    void bytesWrittenBeforeAreReadAsTheSameValues() {
        assertThat(snapshots.deserializer().deserialize("t", hex(SCORED_SNAPSHOT)))
                .isEqualTo(SCORED);
        assertThat(routed.deserializer().deserialize("t", hex(SPARSE_ROUTED_FROM_ELSEWHERE)))
                .isEqualTo(new RoutedOffer(SPARSE, "gpu-hours|H100-80GB"));
        assertThat(routed.deserializer().deserialize("t", hex(SCORED_ROUTED))).isEqualTo(new RoutedOffer(SCORED, null));
    }

    @Test
    void formatOneReadsAsUnscored() {
        byte[] formatOne = hex(SCORED_SNAPSHOT.substring(0, SCORED_SNAPSHOT.length() - 18)); // no reliability
        formatOne[0] = OfferSnapshotSerde.FORMAT_WITHOUT_RELIABILITY;

        OfferSnapshot read = snapshots.deserializer().deserialize("t", formatOne);

        assertThat(read.reliability()).isNull();
        assertThat(read.tags()).containsExactly("soc2", "eu-résidency", "数据", "");
        assertThat(read.validUntil()).isEqualTo(1_733_000_900_000L);
    }

    @Test
    void valuesSurviveTheRoundTrip() {
        OfferSnapshot nullTags = new OfferSnapshot(
                "o", "GPU_HOURS", "p", "r", null, "i", "L4", 24, 1, "SPOT", 1.0, 0, 0, null, 1L, null, null);
        OfferSnapshot unusual = new OfferSnapshot(
                "\uD83D\uDE80|ü|",
                "GPU_HOURS",
                "",
                "r",
                "",
                "i",
                "L4",
                Integer.MIN_VALUE,
                Integer.MAX_VALUE,
                "SPOT",
                Double.NaN,
                Double.NEGATIVE_INFINITY,
                -0.0,
                List.of("ü", "\uD83D\uDE80", ""),
                Long.MIN_VALUE,
                Long.MAX_VALUE,
                OfferSnapshot.Status.EXPIRED,
                0.0);
        for (OfferSnapshot o : List.of(SCORED, SPARSE, unusual)) {
            assertThat(snapshots
                            .deserializer()
                            .deserialize("t", snapshots.serializer().serialize("t", o)))
                    .isEqualTo(o);
            for (String previousHome : Arrays.asList(null, "", "tokens|ü")) {
                RoutedOffer r = new RoutedOffer(o, previousHome);
                assertThat(routed.deserializer()
                                .deserialize("t", routed.serializer().serialize("t", r)))
                        .isEqualTo(r);
            }
        }
        OfferSnapshot read =
                snapshots.deserializer().deserialize("t", snapshots.serializer().serialize("t", nullTags));
        assertThat(read.tags()).isEmpty();
        assertThat(read.status()).isEqualTo(OfferSnapshot.Status.LIVE);
    }

    @Test
    void aSnapshotLargerThanUsualIsWrittenWhole() {
        List<String> tags = IntStream.range(0, 200).mapToObj(i -> "tag-" + i).toList();
        OfferSnapshot big = new OfferSnapshot(
                "o",
                "TOKENS",
                "p",
                null,
                null,
                "m",
                null,
                0,
                0,
                null,
                0,
                1,
                2,
                tags,
                3L,
                4L,
                OfferSnapshot.Status.LIVE,
                null);

        byte[] bytes = snapshots.serializer().serialize("t", big);

        assertThat(bytes.length).isGreaterThan(OfferSnapshotSerde.EXPECTED_SIZE);
        assertThat(snapshots.deserializer().deserialize("t", bytes)).isEqualTo(big);
    }

    @Test
    void damagedRoutedOffersAreSerializationErrors() {
        byte[] good = hex(SCORED_ROUTED);
        byte[] truncated = Arrays.copyOf(good, good.length - 3);
        byte[] empty = new byte[0];
        byte[] otherFormat = good.clone();
        otherFormat[0] = 7;
        byte[] hugeHome = good.clone();
        hugeHome[1] = 0x7f;
        for (byte[] bad : List.of(truncated, empty, otherFormat, hugeHome)) {
            assertThatThrownBy(() -> routed.deserializer().deserialize("t", bad))
                    .isInstanceOf(SerializationException.class);
        }
    }
}
