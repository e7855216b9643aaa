package dev.gpuarb.streams.bids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class BidStateSerdesTest {

    private static final SpotHistory HISTORY = new SpotHistory(
            "aws|us-east-1|use1-az1|p5.48xlarge|SPOT",
            "aws",
            "us-east-1",
            "use1-az1",
            "p5.48xlarge",
            "H100-80GB",
            List.of(new SpotHistory.Sample(1_000, 31.5), new SpotHistory.Sample(2_000, 29.25)));
    private static final OnDemandState ON_DEMAND = new OnDemandState(
            98.32,
            1_500,
            null,
            new TreeSet<>(
                    List.of("aws|us-east-1|use1-az1|p5.48xlarge|SPOT", "aws|us-east-1|use1-az2|p5.48xlarge|SPOT")));

    @Test
    void binaryFormsReadBackWhatWasWritten() {
        BidStateSerdes.History history = new BidStateSerdes.History();
        assertThat(history.deserializer().deserialize("t", history.serializer().serialize("t", HISTORY)))
                .isEqualTo(HISTORY);
        SpotHistory noZone = new SpotHistory("o", "vast", "r", null, "t", "g", List.of());
        assertThat(history.deserializer().deserialize("t", history.serializer().serialize("t", noZone)))
                .isEqualTo(noZone);

        BidStateSerdes.OnDemand onDemand = new BidStateSerdes.OnDemand();
        assertThat(onDemand.deserializer()
                        .deserialize("t", onDemand.serializer().serialize("t", ON_DEMAND)))
                .isEqualTo(ON_DEMAND);
        OnDemandState none = OnDemandState.empty().withSpotOffer("x");
        assertThat(onDemand.deserializer()
                        .deserialize("t", onDemand.serializer().serialize("t", none)))
                .isEqualTo(none);
    }

    @Test
    void deadlinesAreKept() {
        SpotHistory dated = new SpotHistory(
                "o",
                "aws",
                "r",
                "z",
                "t",
                "g",
                List.of(
                        new SpotHistory.Sample(1_000, 31.5, 1_800L),
                        new SpotHistory.Sample(2_000, 31.5, 2_000L), // a withdrawal
                        new SpotHistory.Sample(3_000, 29.25)));
        BidStateSerdes.History history = new BidStateSerdes.History();
        assertThat(history.deserializer().deserialize("t", history.serializer().serialize("t", dated)))
                .isEqualTo(dated);
        OnDemandState withdrawn = ON_DEMAND.withdrawnAt(9_000);
        BidStateSerdes.OnDemand onDemand = new BidStateSerdes.OnDemand();
        assertThat(onDemand.deserializer()
                        .deserialize("t", onDemand.serializer().serialize("t", withdrawn)))
                .isEqualTo(withdrawn)
                .extracting(OnDemandState::until)
                .isEqualTo(9_000L);
    }

    @Test
    void theFormatWithoutDeadlinesIsStillRead() throws Exception {
        // Format 1, written field by field as the earlier serde did.
        ByteArrayOutputStream history = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(history)) {
            out.writeByte(1);
            for (String s : new String[] {
                HISTORY.offerId(),
                HISTORY.provider(),
                HISTORY.region(),
                HISTORY.zone(),
                HISTORY.instanceType(),
                HISTORY.gpuModel()
            }) {
                writeUtf8(out, s);
            }
            out.writeInt(2);
            out.writeLong(1_000);
            out.writeDouble(31.5);
            out.writeLong(2_000);
            out.writeDouble(29.25);
        }
        assertThat(new BidStateSerdes.History().deserializer().deserialize("t", history.toByteArray()))
                .isEqualTo(HISTORY);

        ByteArrayOutputStream onDemand = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(onDemand)) {
            out.writeByte(1);
            out.writeBoolean(true);
            out.writeDouble(98.32);
            out.writeLong(1_500);
            out.writeInt(2);
            for (String id : ON_DEMAND.spotOfferIds()) {
                writeUtf8(out, id);
            }
        }
        assertThat(new BidStateSerdes.OnDemand().deserializer().deserialize("t", onDemand.toByteArray()))
                .isEqualTo(ON_DEMAND);
    }

    private static void writeUtf8(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    @Test
    void stateWrittenAsJsonByEarlierVersionsIsStillRead() {
        // The JSON the earlier JsonSerde wrote for these records, written out here as a store would hold it.
        String historyJson =
                "{\"offerId\":\"aws|us-east-1|use1-az1|p5.48xlarge|SPOT\",\"provider\":\"aws\",\"region\":\"us-east-1\","
                        + "\"zone\":\"use1-az1\",\"instanceType\":\"p5.48xlarge\",\"gpuModel\":\"H100-80GB\","
                        + "\"samples\":[{\"at\":1000,\"usdPerHour\":31.5},{\"at\":2000,\"usdPerHour\":29.25}]}";
        assertThat(new BidStateSerdes.History()
                        .deserializer()
                        .deserialize("t", historyJson.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(HISTORY);
        String onDemandJson =
                "{\"usdPerHour\":98.32,\"at\":1500,\"spotOfferIds\":[\"aws|us-east-1|use1-az1|p5.48xlarge|SPOT\","
                        + "\"aws|us-east-1|use1-az2|p5.48xlarge|SPOT\"]}";
        assertThat(new BidStateSerdes.OnDemand()
                        .deserializer()
                        .deserialize("t", onDemandJson.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ON_DEMAND);
        // and what the earlier writer itself produces
        assertThat(new BidStateSerdes.History()
                        .deserializer()
                        .deserialize(
                                "t",
                                dev.gpuarb.streams.common.JsonSerde.of(SpotHistory.class)
                                        .serializer()
                                        .serialize("t", HISTORY)))
                .isEqualTo(HISTORY);
    }

    @Test
    void garbageIsASerializationErrorNamingTheState() {
        assertThatThrownBy(
                        () -> new BidStateSerdes.History().deserializer().deserialize("t", new byte[] {1, 0, 0, 0, 9}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("spot history");
        assertThatThrownBy(() -> new BidStateSerdes.OnDemand().deserializer().deserialize("t", new byte[] {7}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("on-demand state");
    }
}
