package dev.gpuarb.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.EndpointObservation;
import dev.gpuarb.avro.RequestStatus;
import dev.gpuarb.registry.InMemorySchemaRegistry;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A fixed record against bytes derived by hand from the Avro and Confluent specifications, so a
 * change in field order, encoding or header layout cannot pass unnoticed.
 */
class WireFormatTestVectorTest {

    private static final String SCOPE = "test-vector";

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void endpointObservationEncodesToTheSpecifiedBytes() {
        EndpointObservation obs = EndpointObservation.newBuilder()
                .setEndpointId("ep-1")
                .setGatewayId(null)
                .setLatencyMs(12.5)
                .setInputTokens(1000)
                .setOutputTokens(250)
                .setStatus(RequestStatus.RATE_LIMITED)
                .setAt(Instant.parse("2022-05-31T18:00:00Z"))
                .build();
        Map<String, Object> props = Map.of("schema.registry.url", "mock://" + SCOPE);
        AvroSerializer<EndpointObservation> serializer = new AvroSerializer<>();
        serializer.configure(props, false);

        byte[] bytes = serializer.serialize("endpoint.obs", obs);

        String expected = String.join(
                "",
                "00", // magic byte
                "00000001", // schema id 1, big-endian (first schema of a fresh registry)
                "08",
                "65702d31", // endpointId: zig-zag length 4, then "ep-1"
                "00", // gatewayId: union branch 0 = null
                "0000000000002940", // latencyMs 12.5, IEEE 754 little-endian
                "d00f", // inputTokens 1000 -> zig-zag 2000 -> varint
                "f403", // outputTokens 250 -> zig-zag 500 -> varint
                "06", // status RATE_LIMITED = symbol 3 -> zig-zag 6
                "80a4b2b4a360"); // at 1654020000000 ms -> zig-zag -> varint
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(expected);

        AvroDeserializer<EndpointObservation> deserializer = new AvroDeserializer<>(EndpointObservation.class);
        deserializer.configure(props, false);
        assertThat(deserializer.deserialize("endpoint.obs", HexFormat.of().parseHex(expected)))
                .isEqualTo(obs);
    }

    @Test
    void tombstonesStayNull() {
        Map<String, Object> props = Map.of("schema.registry.url", "mock://" + SCOPE);
        AvroSerializer<EndpointObservation> serializer = new AvroSerializer<>();
        serializer.configure(props, false);
        AvroDeserializer<EndpointObservation> deserializer = new AvroDeserializer<>(EndpointObservation.class);
        deserializer.configure(props, false);
        assertThat(serializer.serialize("route.policies", null)).isNull();
        assertThat(deserializer.deserialize("route.policies", null)).isNull();
    }
}
