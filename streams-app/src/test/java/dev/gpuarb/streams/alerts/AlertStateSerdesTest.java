package dev.gpuarb.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.streams.common.JsonSerde;
import dev.gpuarb.streams.common.PricePoint;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AlertStateSerdesTest {

    private static final PricePoint EAST =
            new PricePoint("GPU_HOURS", "H100-80GB", "SPOT", "us-east-1", "aws", "aws|us-east-1|p5", 2.5, 1_000);
    private static final PricePoint WEST =
            new PricePoint("GPU_HOURS", "H100-80GB", "SPOT", "eu-west-1", "vast", "vast|eu-west-1|77", 3.75, 2_000);
    private static final RegionBoard BOARD = new RegionBoard(
            new TreeMap<>(Map.of("us-east-1", EAST, "eu-west-1", WEST)),
            new TreeMap<>(Map.of("us-east-1|eu-west-1", 1_500L)));
    private static final AlertState LEGACY = new AlertState(
            new TreeMap<>(Map.of(EAST.offerId(), EAST, WEST.offerId(), WEST)),
            new TreeMap<>(Map.of("us-east-1|eu-west-1", 1_500L)));

    private static final String EAST_JSON =
            "{\"kind\":\"GPU_HOURS\",\"product\":\"H100-80GB\",\"pricingModel\":\"SPOT\","
                    + "\"region\":\"us-east-1\",\"provider\":\"aws\",\"offerId\":\"aws|us-east-1|p5\",\"price\":2.5,\"at\":1000}";
    private static final String WEST_JSON =
            "{\"kind\":\"GPU_HOURS\",\"product\":\"H100-80GB\",\"pricingModel\":\"SPOT\","
                    + "\"region\":\"eu-west-1\",\"provider\":\"vast\",\"offerId\":\"vast|eu-west-1|77\",\"price\":3.75,\"at\":2000}";

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }

    private static <T> T readJson(Serde<T> serde, String json) {
        return serde.deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void binaryFormsReadBackWhatWasWritten() {
        assertThat(roundTrip(new AlertStateSerdes.Point(), EAST)).isEqualTo(EAST);
        PricePoint token = new PricePoint("TOKENS", "llama-3-70b", null, "global", "p", "p|m", 0.1, -5);
        assertThat(roundTrip(new AlertStateSerdes.Point(), token)).isEqualTo(token);
        assertThat(roundTrip(new AlertStateSerdes.Board(), BOARD)).isEqualTo(BOARD);
        assertThat(roundTrip(new AlertStateSerdes.Board(), RegionBoard.empty())).isEqualTo(RegionBoard.empty());
        assertThat(roundTrip(new AlertStateSerdes.Legacy(), LEGACY)).isEqualTo(LEGACY);
        assertThat(new AlertStateSerdes.Point().serializer().serialize("t", null))
                .isNull();
        assertThat(new AlertStateSerdes.Board().deserializer().deserialize("t", null))
                .isNull();
    }

    @Test
    void binaryIsSmallerThanTheJsonItReplaces() {
        byte[] binary = new AlertStateSerdes.Board().serializer().serialize("t", BOARD);
        byte[] json = JsonSerde.of(RegionBoard.class).serializer().serialize("t", BOARD);
        assertThat(binary[0]).isEqualTo((byte) 2);
        assertThat(binary.length).isLessThan(json.length);
    }

    @Test
    void deadlinesAreKept() {
        PricePoint dated = new PricePoint(
                "GPU_HOURS", "H100-80GB", "SPOT", "us-east-1", "aws", "aws|us-east-1|p5", 2.5, 1_000, 901_000L);
        assertThat(roundTrip(new AlertStateSerdes.Point(), dated)).isEqualTo(dated);
        RegionBoard board =
                new RegionBoard(new TreeMap<>(Map.of("us-east-1", dated, "eu-west-1", WEST)), new TreeMap<>());
        assertThat(roundTrip(new AlertStateSerdes.Board(), board)).isEqualTo(board);
    }

    @Test
    void theFormatWithoutDeadlinesIsStillRead() throws Exception {
        // Format 1, written field by field as the earlier serde did: no deadline after the time.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            writeFormat1Point(out, EAST);
        }
        assertThat(new AlertStateSerdes.Point().deserializer().deserialize("t", bytes.toByteArray()))
                .isEqualTo(EAST)
                .extracting(PricePoint::validUntil)
                .isNull();

        ByteArrayOutputStream board = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(board)) {
            out.writeByte(1);
            out.writeInt(2);
            for (PricePoint p : new PricePoint[] {WEST, EAST}) { // key order: eu-west-1, us-east-1
                writeUtf8(out, p.region());
                writeFormat1Point(out, p);
            }
            out.writeInt(1);
            writeUtf8(out, "us-east-1|eu-west-1");
            out.writeLong(1_500);
        }
        assertThat(new AlertStateSerdes.Board().deserializer().deserialize("t", board.toByteArray()))
                .isEqualTo(BOARD);
    }

    private static void writeFormat1Point(DataOutputStream out, PricePoint p) throws IOException {
        for (String s : new String[] {p.kind(), p.product(), p.pricingModel(), p.region(), p.provider(), p.offerId()}) {
            writeUtf8(out, s);
        }
        out.writeDouble(p.price());
        out.writeLong(p.at());
    }

    private static void writeUtf8(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    @Test
    void stateWrittenAsJsonByEarlierVersionsIsStillRead() {
        // The JSON the earlier JsonSerde wrote for these records, written out here as a store would hold it.
        assertThat(readJson(new AlertStateSerdes.Point(), EAST_JSON)).isEqualTo(EAST);
        String board = "{\"cheapestByRegion\":{\"eu-west-1\":" + WEST_JSON + ",\"us-east-1\":" + EAST_JSON + "},"
                + "\"lastAlertAtByPair\":{\"us-east-1|eu-west-1\":1500}}";
        assertThat(readJson(new AlertStateSerdes.Board(), board)).isEqualTo(BOARD);
        String legacy = "{\"latestByOffer\":{\"aws|us-east-1|p5\":" + EAST_JSON + ",\"vast|eu-west-1|77\":" + WEST_JSON
                + "}," + "\"lastAlertAtByPair\":{\"us-east-1|eu-west-1\":1500}}";
        assertThat(readJson(new AlertStateSerdes.Legacy(), legacy)).isEqualTo(LEGACY);
        // and what the earlier writer itself produces
        byte[] earlier = JsonSerde.of(AlertState.class).serializer().serialize("t", LEGACY);
        assertThat(new AlertStateSerdes.Legacy().deserializer().deserialize("t", earlier))
                .isEqualTo(LEGACY);
    }

    @Test
    void garbageIsASerializationErrorNamingTheState() {
        assertThatThrownBy(
                        () -> new AlertStateSerdes.Point().deserializer().deserialize("t", new byte[] {1, 0, 0, 0, 9}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("alert offer price");
        assertThatThrownBy(() -> new AlertStateSerdes.Board().deserializer().deserialize("t", new byte[] {7}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("alert region board");
        // a count far beyond the bytes that follow
        assertThatThrownBy(() ->
                        new AlertStateSerdes.Legacy().deserializer().deserialize("t", new byte[] {1, 0x7f, 0, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("legacy alert state");
        assertThatThrownBy(() -> new AlertStateSerdes.Board()
                        .deserializer()
                        .deserialize("t", "{\"cheapestByRegion\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("RegionBoard");
    }
}
