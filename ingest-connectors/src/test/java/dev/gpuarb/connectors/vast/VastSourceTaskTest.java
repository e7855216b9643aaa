package dev.gpuarb.connectors.vast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.connectors.core.PollingSourceTask;
import dev.gpuarb.connectors.core.TaskHarness;
import dev.gpuarb.testkit.CapturedLogs;
import dev.gpuarb.vocab.RejectReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Vast.ai connector against a loopback search serving a recorded answer (resources/vast). */
class VastSourceTaskTest {

    private static final String OFFERS = VastSearchServer.fixture("offers.json");
    /** The same search a minute later: machine 31088 is gone, machine 11201's single-GPU ask is cheaper. */
    private static final String OFFERS_NEXT = VastSearchServer.fixture("offers-next.json");

    private VastSearchServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new VastSearchServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Map<String, String> props() {
        Map<String, String> props = new HashMap<>();
        props.put(VastConfig.API_URL, server.url());
        props.put("poll.interval.ms", "0");
        props.put("http.max.retries", "1");
        props.put("http.retry.backoff.initial.ms", "1");
        props.put("http.retry.backoff.max.ms", "5");
        props.put("http.requests.per.second", "0");
        props.put("poll.backoff.initial.ms", "0");
        props.put("poll.backoff.max.ms", "0");
        return props;
    }

    private static Map<String, Struct> gpuByKey(List<SourceRecord> records) {
        return records.stream()
                .filter(r -> r.topic().equals("prices.gpu"))
                .collect(Collectors.toMap(r -> (String) r.key(), r -> (Struct) r.value()));
    }

    private static List<String> rejectionReasons(List<SourceRecord> records) {
        return records.stream()
                .filter(r -> r.topic().equals("prices.rejected"))
                .map(r -> ((Struct) r.value()).getString("reason"))
                .sorted()
                .toList();
    }

    @Test
    void pricesEveryOfferOfTheRecordedSearchOncePerMachineAndGpuCount() throws Exception {
        server.answer(OFFERS);
        TaskHarness harness = new TaskHarness(VastSourceTask::new, props());
        harness.start();
        List<SourceRecord> first = harness.poll();
        Map<String, Struct> gpu = gpuByKey(first);

        // 12 asks: the GTX 1080 Ti is not in the GPU vocabulary, and machine 40512 lists 4 GPUs twice.
        assertThat(gpu)
                .containsOnlyKeys(
                        "vast|texas-us||machine-11201-1x|MARKETPLACE", "vast|texas-us||machine-11201-2x|MARKETPLACE",
                        "vast|finland-fi||machine-20457-8x|MARKETPLACE", "vast|quebec-ca||machine-31088-1x|MARKETPLACE",
                        "vast|hungary-hu||machine-40512-4x|MARKETPLACE",
                                "vast|vietnam-vn||machine-52733-1x|MARKETPLACE",
                        "vast|kosovo-xk||machine-60190-1x|MARKETPLACE", "vast|sweden-se||machine-61022-1x|MARKETPLACE",
                        "vast|germany-de||machine-71880-2x|MARKETPLACE", "vast|texas-us||machine-80044-1x|MARKETPLACE");
        assertThat(rejectionReasons(first)).containsExactly(RejectReason.UNKNOWN_GPU.name());

        Struct h100 = gpu.get("vast|finland-fi||machine-20457-8x|MARKETPLACE");
        assertThat(h100.getString("gpuModel")).isEqualTo("H100-80GB");
        assertThat(h100.getInt32("gpuCount")).isEqualTo(8);
        assertThat(h100.getString("pricingModel")).isEqualTo("MARKETPLACE");
        assertThat(h100.getString("provider")).isEqualTo("vast");
        assertThat(h100.getString("source")).isEqualTo("vast");
        assertThat(h100.getFloat64("usdPerHour")).isEqualTo(17.2);
        assertThat(h100.getFloat64("usdPerGpuHour")).isCloseTo(2.15, within(1e-9));
        assertThat(h100.getFloat64("reliability")).isEqualTo(0.9957);
        assertThat(h100.getFloat64("dlperf")).isEqualTo(1180.5);
        assertThat(h100.getArray("complianceTags")).contains("eu");
        assertThat(h100.getMap("attributes"))
                .containsEntry("askId", "9001003")
                .containsEntry("machineId", "20457")
                .containsEntry("gpuName", "H100 SXM");

        Struct a6000 = gpu.get("vast|hungary-hu||machine-40512-4x|MARKETPLACE");
        assertThat(a6000.getFloat64("usdPerHour"))
                .as("the cheaper of the machine's two 4-GPU asks")
                .isEqualTo(1.9);
        assertThat(a6000.getString("gpuModel")).isEqualTo("RTXA6000");

        Struct v100 = gpu.get("vast|vietnam-vn||machine-52733-1x|MARKETPLACE");
        assertThat(v100.getString("gpuModel"))
                .as("16384 MiB picks the 16 GB V100")
                .isEqualTo("V100-16GB");
        assertThat(v100.getFloat64("usdPerHour")).isEqualTo(0.18);

        Struct l40s = gpu.get("vast|germany-de||machine-71880-2x|MARKETPLACE");
        assertThat(l40s.getFloat64("reliability")).isEqualTo(0.962);
        assertThat(l40s.get("dlperf")).as("no DLPerf score listed").isNull();
        assertThat(l40s.getFloat64("usdPerGpuHour")).isCloseTo(0.675, within(1e-9));

        assertThat(gpu.get("vast|kosovo-xk||machine-60190-1x|MARKETPLACE").getArray("complianceTags"))
                .as("a country the residency vocabulary does not know")
                .isEmpty();
        assertThat(gpu.get("vast|texas-us||machine-80044-1x|MARKETPLACE").getArray("complianceTags"))
                .contains("us");

        PollingSourceTask task = (PollingSourceTask) harness.task();
        assertThat(task.metrics().skipped(VastSource.SKIPPED_DEARER_ASK)).isEqualTo(1);
        assertThat(task.metrics().unknownRegions()).containsOnlyKeys("vast/kosovo-xk");

        VastSearchServer.Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Authorization")).as("no key configured").isNull();
        JsonNode query = new ObjectMapper().readTree(request.body());
        assertThat(query.at("/rentable/eq").asBoolean()).isTrue();
        assertThat(query.at("/rented/eq").asBoolean()).isFalse();
        assertThat(query.at("/verified/eq").asBoolean()).isTrue();
        assertThat(query.at("/limit").asInt()).isEqualTo(5000);
        assertThat(query.has("reliability2")).as("no minimum unless configured").isFalse();

        harness.commit(first);
        assertThat(harness.poll()).as("an unchanged search sends nothing").isEmpty();
        harness.stop();
    }

    @Test
    void anOfferThatLeavesACompleteSearchIsWithdrawn() throws Exception {
        server.answer(OFFERS);
        TaskHarness harness = new TaskHarness(VastSourceTask::new, props());
        harness.start();
        harness.commit(harness.poll());

        server.answer(OFFERS_NEXT);
        List<SourceRecord> next = harness.poll();
        Map<String, Struct> gpu = gpuByKey(next);
        assertThat(gpu)
                .containsOnlyKeys(
                        "vast|texas-us||machine-11201-1x|MARKETPLACE", "vast|quebec-ca||machine-31088-1x|MARKETPLACE");
        assertThat(gpu.get("vast|texas-us||machine-11201-1x|MARKETPLACE").getFloat64("usdPerHour"))
                .isEqualTo(0.3312);
        assertThat(gpu.get("vast|texas-us||machine-11201-1x|MARKETPLACE").getBoolean("withdrawn"))
                .isFalse();
        Struct gone = gpu.get("vast|quebec-ca||machine-31088-1x|MARKETPLACE");
        assertThat(gone.getBoolean("withdrawn")).isTrue();
        assertThat(gone.getFloat64("usdPerHour")).as("the last price sent").isEqualTo(1.0122);
        assertThat(((PollingSourceTask) harness.task()).metrics().withdrawn()).isEqualTo(1);
        harness.stop();
    }

    @Test
    void aSearchCutOffAtItsLimitWithdrawsNothing() throws Exception {
        server.answer(OFFERS);
        Map<String, String> props = props();
        props.put(VastConfig.MAX_OFFERS, "11");
        TaskHarness harness = new TaskHarness(VastSourceTask::new, props);
        harness.start();
        harness.commit(harness.poll());

        // 11 asks come back for a limit of 11: more may exist, so the missing machine may still be listed.
        server.answer(OFFERS_NEXT);
        List<SourceRecord> next = harness.poll();
        assertThat(gpuByKey(next)).containsOnlyKeys("vast|texas-us||machine-11201-1x|MARKETPLACE");
        assertThat(gpuByKey(next).values()).noneMatch(v -> v.getBoolean("withdrawn"));
        assertThat(new ObjectMapper()
                        .readTree(server.requests().get(1).body())
                        .at("/limit")
                        .asInt())
                .isEqualTo(11);
        harness.stop();
    }

    @Test
    void aFailedOrUnreadableSearchWithdrawsNothing() throws Exception {
        server.answer(OFFERS);
        TaskHarness harness = new TaskHarness(VastSourceTask::new, props());
        harness.start();
        harness.commit(harness.poll());

        server.answer(new VastSearchServer.Answer(503, "{\"error\": \"busy\"}"));
        assertThat(harness.poll()).as("the search failed after its retries").isEmpty();
        PollingSourceTask task = (PollingSourceTask) harness.task();
        assertThat(task.metrics().pollFailures()).isEqualTo(1);
        assertThat(server.requests())
                .as("the first search, then the failed one and its retry, with the same query")
                .hasSize(3)
                .extracting(VastSearchServer.Request::body)
                .containsOnly(server.requests().get(0).body());

        server.answer("<html>bad gateway</html>");
        List<SourceRecord> unreadable = harness.poll();
        assertThat(rejectionReasons(unreadable)).containsExactly(RejectReason.MALFORMED_JSON.name());
        assertThat(gpuByKey(unreadable)).isEmpty();

        server.answer(OFFERS_NEXT);
        assertThat(gpuByKey(harness.poll())
                        .get("vast|quebec-ca||machine-31088-1x|MARKETPLACE")
                        .getBoolean("withdrawn"))
                .as("the next complete search still withdraws what left")
                .isTrue();
        harness.stop();
    }

    private static String offer(String fields) {
        return """
                {"id": 1, "machine_id": 7, "gpu_name": "RTX 4090", "num_gpus": 1, "gpu_ram": 24564,
                 "dph_total": 0.4, "reliability2": 0.99, "dlperf": 60.0, "geolocation": "Texas, US",
                 "rentable": true, %s}""".formatted(fields);
    }

    @Test
    void eachBadOfferIsRejectedWithItsReasonAndTheRestArePriced() throws Exception {
        String search = "{\"offers\": ["
                + String.join(
                        ",",
                        offer("\"id\": 10, \"machine_id\": 10"),
                        offer("\"id\": 11, \"machine_id\": 11, \"dph_total\": NaN"),
                        offer("\"id\": 12, \"machine_id\": 12, \"dph_total\": -0.2"),
                        offer("\"id\": 13, \"machine_id\": null"),
                        offer("\"id\": 14, \"machine_id\": 14, \"gpu_name\": \"RTX|4090\""),
                        offer("\"id\": 15, \"machine_id\": 15, \"geolocation\": \"Texas|US\""),
                        offer("\"id\": 16, \"machine_id\": 16, \"reliability2\": 1.7"),
                        offer("\"id\": 17, \"machine_id\": 17, \"num_gpus\": 0"),
                        offer("\"id\": 18, \"machine_id\": 18, \"dlperf\": -3"),
                        offer("\"id\": 19, \"machine_id\": 19, \"geolocation\": null"),
                        offer("\"id\": 20, \"machine_id\": 20, \"dph_total\": \"cheap\""),
                        offer("\"id\": 21, \"machine_id\": 21, \"rentable\": false"),
                        "\"not an offer\"")
                + "]}";
        server.answer(search);
        TaskHarness harness = new TaskHarness(VastSourceTask::new, props());
        harness.start();
        List<SourceRecord> records = harness.poll();
        assertThat(gpuByKey(records)).containsOnlyKeys("vast|texas-us||machine-10-1x|MARKETPLACE");
        assertThat(rejectionReasons(records))
                .containsExactly(
                        "BAD_GPU_COUNT",
                        "BAD_NUMBER",
                        "INVALID_DLPERF",
                        "INVALID_RELIABILITY",
                        "MALFORMED_JSON",
                        "MISSING_FIELD",
                        "MISSING_FIELD",
                        "NAN_PRICE",
                        "NEGATIVE_PRICE",
                        "SEPARATOR_IN_NAME",
                        "SEPARATOR_IN_NAME");
        assertThat(((PollingSourceTask) harness.task()).metrics().skipped(VastSource.SKIPPED_NOT_RENTABLE))
                .isEqualTo(1);
        harness.stop();
    }

    @Test
    void theApiKeyIsSentAsABearerTokenAndNeverLogged() throws Exception {
        String key = "vk-7f3a9c51e2d04b6f";
        Map<String, String> props = props();
        props.put(VastConfig.API_KEY, key);
        server.answer(OFFERS);
        try (CapturedLogs logs = CapturedLogs.project()) {
            TaskHarness harness = new TaskHarness(VastSourceTask::new, props);
            harness.start();
            assertThat(gpuByKey(harness.poll())).hasSize(10);
            server.answer(new VastSearchServer.Answer(401, "{\"error\": \"invalid api key\"}"));
            assertThat(harness.poll()).isEmpty();
            assertThat(((PollingSourceTask) harness.task()).metrics().pollFailures())
                    .isEqualTo(1);
            harness.stop();
            assertThat(server.requests())
                    .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + key));
            assertThat(logs.lines()).as("the failed poll was logged").anyMatch(l -> l.contains("401"));
            assertThat(logs.lines()).noneMatch(l -> l.contains(key));
        }
        assertThat(new VastConfig(props).toString()).doesNotContain(key);
    }
}
