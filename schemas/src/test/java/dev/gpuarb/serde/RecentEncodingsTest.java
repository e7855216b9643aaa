package dev.gpuarb.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.EndpointObservation;
import dev.gpuarb.avro.RequestStatus;
import dev.gpuarb.registry.InMemorySchemaRegistry;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One object written to a store and to a topic is encoded once, with the bytes either encoding would give. */
class RecentEncodingsTest {

    private static final String SCOPE = "recent-encodings";
    private static final Map<String, Object> PROPS = Map.of("schema.registry.url", "mock://" + SCOPE);

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void theSameObjectReusesItsBytesAndEachTopicKeepsItsOwnSchemaId() {
        AvroSerializer<EndpointObservation> serializer = serializer();
        EndpointObservation obs = observation(12.5);

        byte[] first = serializer.serialize("endpoint.obs", obs);
        byte[] again = serializer.serialize("endpoint.obs", obs);
        byte[] elsewhere = serializer.serialize("another.topic", obs);

        assertThat(again).isSameAs(first);
        // A separate serializer has no memory: what it writes is what the first one must have written.
        assertThat(serializer().serialize("endpoint.obs", obs)).isEqualTo(first);
        byte[] fresh = serializer().serialize("another.topic", observation(12.5));
        assertThat(elsewhere).isEqualTo(fresh);
        assertThat(schemaId(elsewhere)).isEqualTo(schemaId(fresh));
    }

    @Test
    void anEqualObjectThatIsNotTheSameIsEncodedAnew() {
        AvroSerializer<EndpointObservation> serializer = serializer();
        byte[] first = serializer.serialize("endpoint.obs", observation(12.5));
        byte[] equal = serializer.serialize("endpoint.obs", observation(12.5));
        byte[] other = serializer.serialize("endpoint.obs", observation(13.0));

        assertThat(equal).isNotSameAs(first).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void onlyTheLastFewAreRemembered() {
        AvroSerializer<EndpointObservation> serializer = serializer();
        EndpointObservation kept = observation(1.0);
        byte[] first = serializer.serialize("endpoint.obs", kept);
        for (int i = 0; i < 4; i++) {
            serializer.serialize("endpoint.obs", observation(2.0 + i));
        }
        byte[] after = serializer.serialize("endpoint.obs", kept);
        assertThat(after).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void eachThreadHasItsOwnMemory() throws Exception {
        AvroSerializer<EndpointObservation> serializer = serializer();
        EndpointObservation obs = observation(12.5);
        byte[] mine = serializer.serialize("endpoint.obs", obs);
        byte[][] theirs = new byte[1][];
        Thread other = new Thread(() -> theirs[0] = serializer.serialize("endpoint.obs", obs));
        other.start();
        other.join();
        assertThat(theirs[0]).isNotSameAs(mine).isEqualTo(mine);
    }

    private static AvroSerializer<EndpointObservation> serializer() {
        AvroSerializer<EndpointObservation> serializer = new AvroSerializer<>();
        serializer.configure(PROPS, false);
        return serializer;
    }

    private static int schemaId(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    private static EndpointObservation observation(double latencyMs) {
        return EndpointObservation.newBuilder()
                .setEndpointId("ep-1")
                .setGatewayId(null)
                .setLatencyMs(latencyMs)
                .setInputTokens(1000)
                .setOutputTokens(250)
                .setStatus(RequestStatus.OK)
                .setAt(Instant.parse("2026-12-07T18:00:00Z"))
                .build();
    }
}
