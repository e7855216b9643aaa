package dev.gpuarb.streams.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.streams.Fixtures;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.config.StreamsApp;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The routing application's latest price per offer: what it keeps for the API and what it sends on to the
 * route engine's partitions (read here from the hop's repartition topic).
 */
class LatestOffersStageTest {

    private Pipeline p;
    private TestOutputTopic<String, RoutedOffer> hop;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start();
        String topic = StreamsApp.ROUTING.applicationId(p.config) + "-route-offers-repartition";
        hop = p.driver.createOutputTopic(topic, new StringDeserializer(), new RoutedOfferSerde().deserializer());
    }

    @AfterEach
    void stop() {
        p.close();
    }

    @Test
    void aNewerPriceIsKeptAndSentOnAnOlderOneNeither() {
        GpuPriceObservation first = price(4.0, Fixtures.minutes(10), "H100-80GB");
        GpuPriceObservation older = price(3.0, Fixtures.minutes(5), "H100-80GB");
        GpuPriceObservation newer = price(5.0, Fixtures.minutes(20), "H100-80GB");

        p.send(first);
        p.send(older);
        assertThat(p.latestGpu(first.getOfferId())).isEqualTo(first);
        p.send(newer);

        List<RoutedOffer> sent = hop.readValuesToList();
        assertThat(sent).extracting(o -> o.offer().usdPerGpuHour()).containsExactly(4.0, 5.0);
        assertThat(sent).extracting(RoutedOffer::previousHome).containsOnlyNulls();
        assertThat(p.latestGpu(first.getOfferId())).isEqualTo(newer);
    }

    @Test
    void aRedeliveredPriceGoesNoFurtherARenewedOneDoes() {
        Instant at = Fixtures.minutes(10);
        GpuPriceObservation price = GpuPriceObservation.newBuilder(price(4.0, at, "H100-80GB"))
                .setValidUntil(at.plusSeconds(600))
                .build();
        GpuPriceObservation renewed = GpuPriceObservation.newBuilder(price)
                .setValidUntil(at.plusSeconds(1200))
                .build();

        p.send(price);
        p.send(price);
        p.send(renewed);

        assertThat(hop.readValuesToList())
                .extracting(o -> o.offer().validUntil())
                .containsExactly(
                        at.plusSeconds(600).toEpochMilli(), at.plusSeconds(1200).toEpochMilli());
        assertThat(p.latestGpu(price.getOfferId())).isEqualTo(renewed);
    }

    @Test
    void aPriceThatChangesTheProductAlsoGoesToTheOldProductsPartition() {
        p.send(price(4.0, Fixtures.minutes(10), "H100-80GB"));
        p.send(price(4.0, Fixtures.minutes(20), "A100-80GB"));
        p.send(price(4.5, Fixtures.minutes(30), "A100-80GB"));

        List<RoutedOffer> sent = hop.readValuesToList();
        assertThat(sent).extracting(o -> o.offer().gpuModel()).containsExactly("H100-80GB", "A100-80GB", "A100-80GB");
        // Homes are the kind and the case-folded product (see RouteHomes); only the move names the old one.
        assertThat(sent).extracting(RoutedOffer::previousHome).containsExactly(null, "GPU_HOURS:h100-80gb", null);
    }

    private static GpuPriceObservation price(double usdPerGpuHour, Instant at, String gpuModel) {
        return Fixtures.gpu("aws", "us-east-1", PricingModel.ON_DEMAND, usdPerGpuHour, at)
                .setGpuModel(gpuModel)
                .build();
    }
}
