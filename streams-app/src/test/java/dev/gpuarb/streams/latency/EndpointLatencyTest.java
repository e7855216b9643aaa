package dev.gpuarb.streams.latency;

import static dev.gpuarb.streams.Fixtures.T0;
import static dev.gpuarb.streams.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.RequestStatus;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.config.AppConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndpointLatencyTest {

    private Pipeline p;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start(Map.of(AppConfig.LATENCY_WINDOW_MS, "60000", AppConfig.GRACE_MS, "5000"));
    }

    @AfterEach
    void stop() {
        p.close();
    }

    @Test
    void summarisesEachWindowWithQuantilesFromTheSketchAndTheErrorRate() {
        // 1..1000 ms in shuffled order, every 10th request failed
        for (int i = 0; i < 1000; i++) {
            int latency = (i * 7919) % 1000 + 1;
            p.send(request(
                    "ep-1", latency, i % 10 == 0 ? RequestStatus.ERROR : RequestStatus.OK, T0.plusMillis(i * 50L)));
        }
        p.send(request("ep-1", 5, RequestStatus.OK, T0.plus(Duration.ofSeconds(66)))); // closes [0, 60s)

        EndpointLatencySummary s = p.latency.readValue();
        assertThat(s.getEndpointId()).isEqualTo("ep-1");
        assertThat(s.getWindowStart()).isEqualTo(T0);
        assertThat(s.getRequestCount()).isEqualTo(1000);
        assertThat(s.getErrorRate()).isCloseTo(0.1, within(1e-9));
        assertThat(s.getP50Ms()).isCloseTo(500, within(500 * 0.02));
        assertThat(s.getP99Ms()).isCloseTo(990, within(990 * 0.02));

        DDSketch decoded = LatencySketch.decode(bytes(s.getSketch()));
        assertThat(decoded.getCount()).isEqualTo(1000);
    }

    @Test
    void unusableLatenciesAreIgnoredAndLateRequestsBeyondGraceDropped() {
        p.send(request("ep-2", 10, RequestStatus.OK, T0));
        p.send(request("ep-2", Double.NaN, RequestStatus.OK, T0.plusSeconds(1)));
        p.send(request("ep-2", -4, RequestStatus.OK, T0.plusSeconds(2)));
        p.send(request("ep-2", 20, RequestStatus.TIMEOUT, T0.plusSeconds(70)));
        p.send(request("ep-2", 1000, RequestStatus.OK, T0.plusSeconds(30))); // window closed at 65 s
        p.send(request("ep-2", 30, RequestStatus.OK, T0.plusSeconds(130)));

        var out = p.latency.readValuesToList();
        assertThat(out).extracting(EndpointLatencySummary::getRequestCount).containsExactly(1L, 1L);
        assertThat(out.get(0).getP99Ms()).isCloseTo(10, within(0.2));
        assertThat(out.get(1).getErrorRate()).isEqualTo(1.0);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}
