package dev.gpuarb.streams.bids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
