package dev.gpuarb.connectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.connectors.azure.AzureRetailConfig;
import dev.gpuarb.connectors.azure.AzureRetailSourceTask;
import dev.gpuarb.connectors.core.FixtureHttpServer;
import dev.gpuarb.connectors.core.FixtureHttpServer.Reply;
import dev.gpuarb.connectors.core.TaskHarness;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Azure Retail Prices API pages, served over loopback HTTP, under malformed documents. */
class AzureRetailFuzzTest {

    private static final String ITEM = """
            {"currencyCode": "USD", "tierMinimumUnits": 0.0, "retailPrice": %s, "unitPrice": %s,
             "armRegionName": "%s", "location": "US East", "effectiveStartDate": "2025-06-01T00:00:00Z",
             "meterId": "m-1", "meterName": "%s", "productId": "DZH318Z0BQ4L", "skuId": "DZH318Z0BQ4L/00BJ",
             "productName": "Virtual Machines NCads A100 v4 Series", "skuName": "NC24ads A100 v4",
             "serviceName": "Virtual Machines", "serviceId": "DZH313Z7MMC8", "serviceFamily": "Compute",
             "unitOfMeasure": "1 Hour", "type": "Consumption", "isPrimaryMeterRegion": true,
             "armSkuName": "Standard_NC24ads_A100_v4"}""";

    static final String SEED = """
            {"BillingCurrency": "USD", "CustomerEntityId": "Default", "CustomerEntityType": "Retail",
             "Items": [%s, %s, %s], "NextPageLink": null, "Count": 3}""".formatted(
                    ITEM.formatted(3.673, 3.673, "eastus", "NC24ads A100 v4"),
                    ITEM.formatted(0.7346, 0.7346, "eastus", "NC24ads A100 v4 Spot"),
                    ITEM.formatted(4.1, 4.1, "westus2", "NC24ads A100 v4 Low Priority"));

    private static FixtureHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new FixtureHttpServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, String> httpProps() {
        Map<String, String> props = new HashMap<>();
        props.put("poll.interval.ms", "0");
        props.put("http.retry.backoff.initial.ms", "1");
        props.put("http.retry.backoff.max.ms", "5");
        props.put("http.max.retries", "0");
        props.put("http.requests.per.second", "0");
        return props;
    }

    private static Gen<String> pages() {
        return Mutations.json(SEED);
    }

    @Test
    void malformedPagesAreRejectedNeverThrown() {
        Theories.forAll(pages(), page -> {
            server.on("/api/retail/prices", Reply.ok(page));
            Map<String, String> props = httpProps();
            props.put(
                    AzureRetailConfig.API_URL, server.uri("/api/retail/prices").toString());
            props.put(AzureRetailConfig.REGIONS, "eastus,westus2");
            TaskHarness harness = new TaskHarness(AzureRetailSourceTask::new, props);
            harness.start();
            List<SourceRecord> records = PollChecks.pollCleanly(harness, 2);
            if (PollChecks.notAJsonObject(page)) {
                assertThat(PollChecks.rejections(records))
                        .as("rejections of a page that is not a JSON object")
                        .isPositive();
            }
        });
    }
}
