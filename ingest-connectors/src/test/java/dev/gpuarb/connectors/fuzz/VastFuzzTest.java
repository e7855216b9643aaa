package dev.gpuarb.connectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gpuarb.connectors.core.FixtureHttpServer;
import dev.gpuarb.connectors.core.FixtureHttpServer.Reply;
import dev.gpuarb.connectors.core.TaskHarness;
import dev.gpuarb.connectors.vast.VastConfig;
import dev.gpuarb.connectors.vast.VastSourceTask;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Vast.ai offer searches, served over loopback HTTP, under malformed answers. */
class VastFuzzTest {

    static final String OFFERS = """
            {"offers": [
              {"id": 9001001, "machine_id": 11201, "host_id": 48812, "gpu_name": "RTX 4090", "num_gpus": 1,
               "gpu_ram": 24564, "cpu_cores_effective": 16.0, "cpu_ram": 64306, "disk_space": 64.0,
               "dph_base": 0.3334, "dph_total": 0.3467, "reliability2": 0.9981, "dlperf": 64.3,
               "geolocation": "Texas, US", "verified": true, "rentable": true, "rented": false},
              {"id": 9001003, "machine_id": 20457, "host_id": 50211, "gpu_name": "H100 SXM", "num_gpus": 8,
               "gpu_ram": 81559, "cpu_cores_effective": 192.0, "cpu_ram": 2063884, "disk_space": 512.0,
               "dph_base": 17.09, "dph_total": 17.2, "reliability2": 0.9957, "dlperf": 1180.5,
               "geolocation": "Finland, FI", "verified": true, "rentable": true, "rented": false},
              {"id": 9001011, "machine_id": 71880, "host_id": 44102, "gpu_name": "L40S", "num_gpus": 2,
               "gpu_ram": 46068, "dph_total": 1.35, "reliability": 0.962, "dlperf": null,
               "geolocation": "Germany, DE", "verified": true, "rentable": true, "rented": false}
            ]}""";

    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private static FixtureHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new FixtureHttpServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, String> props() {
        Map<String, String> props = new HashMap<>();
        props.put(VastConfig.API_URL, server.uri("/api/v0/bundles/").toString());
        props.put("poll.interval.ms", "0");
        props.put("http.retry.backoff.initial.ms", "1");
        props.put("http.retry.backoff.max.ms", "5");
        props.put("http.max.retries", "0");
        props.put("http.requests.per.second", "0");
        return props;
    }

    /**
     * The connector reads NaN and Infinity as numbers (Python's JSON writer emits them), so a document
     * that is strict JSON but for those is readable; its bad numbers cost their offers only.
     */
    private static boolean notAJsonObjectEvenWithNaN(String text) {
        try {
            var node = LENIENT.readTree(text);
            return node == null || !node.isObject();
        } catch (Exception e) {
            return true;
        }
    }

    @Test
    void malformedSearchAnswersAreRejectedNeverThrown() {
        Theories.forAll(Mutations.json(OFFERS), answer -> {
            server.on("/api/v0/bundles/", Reply.ok(answer));
            TaskHarness harness = new TaskHarness(VastSourceTask::new, props());
            harness.start();
            List<SourceRecord> records = PollChecks.pollCleanly(harness, 1);
            if (notAJsonObjectEvenWithNaN(answer)) {
                assertThat(PollChecks.rejections(records))
                        .as("rejections of an answer that is not a JSON object")
                        .isPositive();
            }
        });
    }
}
