package dev.gpuarb.connectors.azure;

import static dev.gpuarb.connectors.azure.AzureRetailFixtures.item;
import static dev.gpuarb.connectors.azure.AzureRetailFixtures.page;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.connectors.core.FixtureHttpServer;
import dev.gpuarb.connectors.core.FixtureHttpServer.Reply;
import dev.gpuarb.connectors.core.PollingSourceTask;
import dev.gpuarb.connectors.core.TaskHarness;
import dev.gpuarb.vocab.RejectReason;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AzureRetailSourceTaskTest {

    private static final String PATH = "/api/retail/prices";
    private static final String LINUX_NC = "Virtual Machines NCads A100 v4 Series";
    private static final String WINDOWS_NC = "Virtual Machines NCads A100 v4 Series Windows";
    private static final String LINUX_ND = "Virtual Machines NDsv5 Series";

    private FixtureHttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new FixtureHttpServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Map<String, String> props() {
        Map<String, String> props = new HashMap<>();
        props.put(AzureRetailConfig.API_URL, server.uri(PATH).toString());
        props.put(AzureRetailConfig.REGIONS, "eastus,westus2");
        props.put("poll.interval.ms", "0");
        props.put("http.retry.backoff.initial.ms", "1");
        props.put("http.retry.backoff.max.ms", "20");
        props.put("http.requests.per.second", "0");
        return props;
    }

    private String nextPage(int skip) {
        return server.uri(PATH + "?$skip=" + skip).toString();
    }

    private static Map<String, Struct> gpuByKey(List<SourceRecord> records) {
        Map<String, Struct> byKey = new HashMap<>();
        records.stream()
                .filter(r -> r.topic().equals("prices.gpu"))
                .forEach(r -> byKey.put((String) r.key(), (Struct) r.value()));
        return byKey;
    }

    private static List<String> reasons(List<SourceRecord> records) {
        return records.stream()
                .filter(r -> r.topic().equals("prices.rejected"))
                .map(r -> ((Struct) r.value()).getString("reason"))
                .toList();
    }

    @Test
    void pagesThroughRetriesAndMapsEveryPriceTier() throws Exception {
        server.on(
                PATH,
                Reply.ok(page(
                        nextPage(100),
                        item("Standard_NC24ads_A100_v4", "NC24ads A100 v4", LINUX_NC, "eastus", 3.673),
                        item("Standard_NC24ads_A100_v4", "NC24ads A100 v4 Spot", LINUX_NC, "eastus", 0.7346),
                        item("Standard_NC24ads_A100_v4", "NC24ads A100 v4", WINDOWS_NC, "eastus", 4.409),
                        item("Standard_D4s_v5", "D4s v5", "Virtual Machines Dsv5 Series", "eastus", 0.192),
                        item(
                                "Standard_NV6ads_A10_v5",
                                "NV6ads A10 v5",
                                "Virtual Machines NVadsA10v5 Series",
                                "eastus",
                                0.454),
                        item(
                                "Standard_NC6_Promo",
                                "NC6 Low Priority",
                                "Virtual Machines NC Promo Series",
                                "westus2",
                                0.18))));
        server.on(
                PATH + "?$skip=100",
                Reply.status(503),
                Reply.status(429).withHeader("Retry-After", "0"),
                Reply.ok(page(
                        null,
                        item("Standard_ND96isr_H100_v5", "ND96isr H100 v5", LINUX_ND, "westus2", 98.32),
                        item("Standard_ND96isr_H100_v5", "ND96isr H100 v5 Spot", LINUX_ND, "westus2", 39.33),
                        item("Standard_ND96isr_H100_v5", "ND96isr H100 v5 Low Priority", LINUX_ND, "westus2", 19.66),
                        item("Standard_NC999zz_v9", "NC999zz v9", "Virtual Machines NCzz Series", "eastus", 5.0),
                        item("Standard_NC40ads_H100_v5", "NC40ads H100 v5", LINUX_NC, "eastus", 0.0),
                        item("Standard_NC24ads_A100_v4", "NC24ads A100 v4", LINUX_NC, "", 3.5))));
        TaskHarness harness = new TaskHarness(AzureRetailSourceTask::new, props());
        harness.start();

        List<SourceRecord> first = harness.poll();
        Map<String, Struct> gpu = gpuByKey(first);
        assertThat(gpu)
                .containsOnlyKeys(
                        "azure|eastus||Standard_NC24ads_A100_v4|ON_DEMAND",
                        "azure|eastus||Standard_NC24ads_A100_v4|SPOT",
                        "azure|westus2||Standard_NC6_Promo|SPOT",
                        "azure|westus2||Standard_ND96isr_H100_v5|ON_DEMAND",
                        "azure|westus2||Standard_ND96isr_H100_v5|SPOT");
        Struct h100Spot = gpu.get("azure|westus2||Standard_ND96isr_H100_v5|SPOT");
        assertThat(h100Spot.getString("gpuModel")).isEqualTo("H100-80GB");
        assertThat(h100Spot.getInt32("gpuCount")).isEqualTo(8);
        assertThat(h100Spot.getFloat64("usdPerGpuHour"))
                .isCloseTo(39.33 / 8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h100Spot.getMap("attributes")).containsEntry("priceTier", "spot");
        Struct lowPriority = gpu.get("azure|westus2||Standard_NC6_Promo|SPOT");
        assertThat(lowPriority.getString("gpuModel")).isEqualTo("K80");
        assertThat(lowPriority.getMap("attributes")).containsEntry("priceTier", "low-priority");
        assertThat(gpu.get("azure|eastus||Standard_NC24ads_A100_v4|ON_DEMAND").getString("gpuModel"))
                .isEqualTo("A100-80GB");
        assertThat(reasons(first))
                .containsExactlyInAnyOrder(
                        RejectReason.UNKNOWN_GPU.name(),
                        RejectReason.ZERO_PRICE.name(),
                        RejectReason.MISSING_FIELD.name());

        PollingSourceTask task = (PollingSourceTask) harness.task();
        assertThat(task.metrics().skipped(AzureRetailItemMapper.SKIPPED_OTHER_OS))
                .isEqualTo(1);
        assertThat(task.metrics().skipped(AzureRetailItemMapper.SKIPPED_NOT_GPU))
                .isEqualTo(1);
        assertThat(task.metrics().skipped(AzureRetailItemMapper.SKIPPED_FRACTIONAL))
                .isEqualTo(1);
        assertThat(task.metrics().skipped(AzureRetailItemMapper.SKIPPED_LOW_PRIORITY))
                .isEqualTo(1);

        String firstRequest = URLDecoder.decode(server.requests().get(0), StandardCharsets.UTF_8);
        assertThat(firstRequest)
                .contains(
                        "api-version=2023-01-01-preview",
                        "currencyCode='USD'",
                        "serviceName eq 'Virtual Machines' and priceType eq 'Consumption'",
                        "contains(armSkuName, 'Standard_NC')",
                        "armRegionName eq 'westus2'");
        assertThat(server.requests())
                .as("page 1, then page 2 after a 503 and a 429")
                .hasSize(4);

        assertThat(harness.poll()).as("an unchanged price list sends nothing").isEmpty();
        harness.stop();
    }

    @Test
    void aRefusedRequestFailsThePollWithoutSendingAnything() throws Exception {
        server.on(PATH, Reply.status(400));
        TaskHarness harness = new TaskHarness(AzureRetailSourceTask::new, props());
        harness.start();
        assertThat(harness.poll()).isEmpty();
        assertThat(((PollingSourceTask) harness.task()).metrics().pollFailures())
                .isEqualTo(1);
        assertThat(server.requests()).as("a 400 is not retried").hasSize(1);
        harness.stop();
    }

    @Test
    void aBrokenPageIsRejectedAndEarlierPagesStillCount() throws Exception {
        server.on(
                PATH,
                Reply.ok(page(
                        nextPage(100),
                        item("Standard_NC24ads_A100_v4", "NC24ads A100 v4", LINUX_NC, "eastus", 3.673))));
        server.on(PATH + "?$skip=100", Reply.ok("{\"Items\": [{\"armSkuName\": \"Standard_NC6\""));
        TaskHarness harness = new TaskHarness(AzureRetailSourceTask::new, props());
        harness.start();
        List<SourceRecord> records = harness.poll();
        assertThat(gpuByKey(records)).containsOnlyKeys("azure|eastus||Standard_NC24ads_A100_v4|ON_DEMAND");
        assertThat(reasons(records)).containsExactly(RejectReason.MALFORMED_JSON.name());
        harness.stop();
    }

    @Test
    void aRestartResendsOnlyWhatWasNotAcknowledged() throws Exception {
        server.on(
                PATH,
                Reply.ok(page(
                        null,
                        item("Standard_NC24ads_A100_v4", "NC24ads A100 v4", LINUX_NC, "eastus", 3.673),
                        item("Standard_NC24ads_A100_v4", "NC24ads A100 v4 Spot", LINUX_NC, "eastus", 0.7346),
                        item("Standard_ND96isr_H100_v5", "ND96isr H100 v5", LINUX_ND, "westus2", 98.32))));
        TaskHarness harness = new TaskHarness(AzureRetailSourceTask::new, props());
        harness.start();
        List<SourceRecord> first = harness.poll();
        assertThat(first).hasSize(3);
        harness.commit(first.subList(0, 1));
        harness.stop();

        harness.start();
        List<SourceRecord> again = harness.poll();
        assertThat(again)
                .extracting(SourceRecord::key)
                .containsExactlyInAnyOrderElementsOf(
                        first.subList(1, 3).stream().map(SourceRecord::key).toList());
        harness.stop();
    }

    @Test
    void aNextPageLinkToAnotherHostIsRejectedAndNotFollowed() throws Exception {
        try (FixtureHttpServer elsewhere = new FixtureHttpServer()) {
            String foreign = elsewhere.uri(PATH + "?$skip=100").toString();
            elsewhere.on(
                    PATH,
                    Reply.ok(
                            page(null, item("Standard_ND96isr_H100_v5", "ND96isr H100 v5", LINUX_ND, "westus2", 1.0))));
            server.on(
                    PATH,
                    Reply.ok(page(
                            foreign, item("Standard_NC24ads_A100_v4", "NC24ads A100 v4", LINUX_NC, "eastus", 3.673))));
            TaskHarness harness = new TaskHarness(AzureRetailSourceTask::new, props());
            harness.start();

            List<SourceRecord> records = harness.poll();

            assertThat(gpuByKey(records))
                    .as("the pages before the link still count")
                    .containsOnlyKeys("azure|eastus||Standard_NC24ads_A100_v4|ON_DEMAND");
            List<Struct> rejected = records.stream()
                    .filter(r -> r.topic().equals("prices.rejected"))
                    .map(r -> (Struct) r.value())
                    .toList();
            assertThat(rejected)
                    .extracting(r -> r.getString("reason"))
                    .containsExactly(RejectReason.REFUSED_LINK.name());
            assertThat(rejected.get(0).getString("rawExcerpt")).isEqualTo(foreign);
            assertThat(rejected.get(0).getString("detail")).contains("NextPageLink", "not followed");
            assertThat(elsewhere.requests()).as("the other host got nothing").isEmpty();
            assertThat(((PollingSourceTask) harness.task()).metrics().pollFailures())
                    .isZero();
            harness.stop();
        }
    }

    @Test
    void aNextPageLinkToAnAllowedOriginIsFollowed() throws Exception {
        try (FixtureHttpServer mirror = new FixtureHttpServer()) {
            mirror.on(
                    PATH,
                    Reply.ok(page(
                            null, item("Standard_ND96isr_H100_v5", "ND96isr H100 v5", LINUX_ND, "westus2", 98.32))));
            server.on(
                    PATH,
                    Reply.ok(page(
                            mirror.uri(PATH + "?$skip=100").toString(),
                            item("Standard_NC24ads_A100_v4", "NC24ads A100 v4", LINUX_NC, "eastus", 3.673))));
            Map<String, String> props = props();
            props.put(
                    "http.allowed.origins",
                    "http://127.0.0.1:" + mirror.uri("/").getPort());
            TaskHarness harness = new TaskHarness(AzureRetailSourceTask::new, props);
            harness.start();

            assertThat(gpuByKey(harness.poll()))
                    .containsOnlyKeys(
                            "azure|eastus||Standard_NC24ads_A100_v4|ON_DEMAND",
                            "azure|westus2||Standard_ND96isr_H100_v5|ON_DEMAND");
            assertThat(mirror.requests()).hasSize(1);
            harness.stop();
        }
    }
}
