package dev.gpuarb.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * Every public source of {@code gpuarb up} on one loopback server, answering in each source's own
 * format: SkyPilot catalogs and LiteLLM's price map from the real dumps in ../shared/data (read in
 * place), an Azure Retail Prices page, OpenRouter's model and endpoint lists and a Vast.ai offer search
 * answer written here in their documented layouts. Counts the requests per source and keeps the
 * Authorization headers of the Vast.ai searches.
 */
final class PublicSourceFixtures implements AutoCloseable {

    static final String AZURE_PAGE = """
            {"BillingCurrency": "USD", "CustomerEntityId": "Default", "CustomerEntityType": "Retail", "Items": [
              %s,
              %s
            ], "NextPageLink": null, "Count": 2}""".formatted(
            azureItem("Standard_ND96isr_H100_v5", "ND96isr H100 v5", "Virtual Machines ND Series", "eastus", 98.32),
            azureItem(
                    "Standard_NC24ads_A100_v4",
                    "NC24ads A100 v4",
                    "Virtual Machines NCadsA100v4 Series",
                    "westeurope",
                    4.2));

    static final String OPENROUTER_MODELS = """
            {"data": [
              {"id": "meta-llama/llama-3.1-70b-instruct", "name": "Meta: Llama 3.1 70B Instruct", "created": 1721692800,
               "context_length": 131072, "architecture": {"modality": "text->text", "input_modalities": ["text"],
               "output_modalities": ["text"], "tokenizer": "Llama3"},
               "pricing": {"prompt": "0.0000004", "completion": "0.0000004", "request": "0", "image": "0"}}
            ]}""";

    static final String OPENROUTER_ENDPOINTS = """
            {"data": {"id": "meta-llama/llama-3.1-70b-instruct", "name": "Meta: Llama 3.1 70B Instruct",
             "architecture": {"modality": "text->text", "output_modalities": ["text"]}, "endpoints": [
              {"name": "DeepInfra | meta-llama/llama-3.1-70b-instruct", "context_length": 131072,
               "pricing": {"prompt": "0.00000023", "completion": "0.0000004", "request": "0", "image": "0"},
               "provider_name": "DeepInfra", "tag": "deepinfra/bf16", "quantization": "bf16", "status": 0,
               "uptime_last_30m": 99.8, "latency_last_30m": {"p50": 0.35, "p75": 0.41, "p90": 0.6, "p99": 1.1},
               "throughput_last_30m": {"p50": 31.0, "p75": 27.0, "p90": 22.0, "p99": 15.0}},
              {"name": "Together | meta-llama/llama-3.1-70b-instruct", "context_length": 131072,
               "pricing": {"prompt": "0.00000088", "completion": "0.00000088", "request": "0", "image": "0"},
               "provider_name": "Together", "tag": "together/fp8", "quantization": "fp8", "status": 0,
               "uptime_last_30m": 99.9, "latency_last_30m": {"p50": 0.3, "p75": 0.36, "p90": 0.5, "p99": 0.9},
               "throughput_last_30m": {"p50": 80.0, "p75": 70.0, "p90": 60.0, "p99": 40.0}}
            ]}}""";

    /** Two asks of Vast.ai's search answer (fields as the public search returns them). */
    static final String VAST_OFFERS = """
            {"offers": [
              {"id": 7100001, "ask_contract_id": 7100001, "machine_id": 3301, "host_id": 901, "gpu_name": "RTX 4090",
               "num_gpus": 1, "gpu_ram": 24564, "cpu_cores_effective": 16.0, "cpu_ram": 64306, "disk_space": 64.0,
               "dph_base": 0.33, "dph_total": 0.3467, "min_bid": 0.19, "reliability2": 0.9981, "reliability": 0.9981,
               "dlperf": 64.3, "geolocation": "Texas, US", "verified": true, "rentable": true, "rented": false},
              {"id": 7100002, "ask_contract_id": 7100002, "machine_id": 3302, "host_id": 902, "gpu_name": "RTX 4090",
               "num_gpus": 2, "gpu_ram": 24564, "cpu_cores_effective": 32.0, "cpu_ram": 128612, "disk_space": 64.0,
               "dph_base": 0.70, "dph_total": 0.7212, "min_bid": 0.40, "reliability2": 0.9612, "reliability": 0.9612,
               "dlperf": 121.0, "geolocation": "Sweden, SE", "verified": true, "rentable": true, "rented": false}
            ]}""";

    static final String VAST_PATH = "/vast/api/v0/bundles/";

    private final HttpServer server;
    private final List<String> vastAuthorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, byte[]> documents = new LinkedHashMap<>();
    private final Map<String, Integer> requests = new ConcurrentHashMap<>();

    PublicSourceFixtures(Path sharedData) throws IOException {
        documents.put("/skypilot/lambda/vms.csv", Files.readAllBytes(sharedData.resolve("skypilot/lambda-vms.csv")));
        documents.put("/skypilot/aws/vms.csv", Files.readAllBytes(sharedData.resolve("skypilot/aws-gpu-vms.csv")));
        documents.put(
                "/litellm/model_prices.json",
                Files.readAllBytes(sharedData.resolve("litellm/model_prices_2026-07-24T184959Z.json")));
        documents.put("/azure/prices", AZURE_PAGE.getBytes(StandardCharsets.UTF_8));
        documents.put("/openrouter/api/v1/models", OPENROUTER_MODELS.getBytes(StandardCharsets.UTF_8));
        documents.put(
                "/openrouter/api/v1/models/meta-llama/llama-3.1-70b-instruct/endpoints",
                OPENROUTER_ENDPOINTS.getBytes(StandardCharsets.UTF_8));
        documents.put(VAST_PATH, VAST_OFFERS.getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code gpuarb up} arguments that point every public source here. */
    List<String> sourceSettings() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return List.of(
                "--source-setting",
                        "skypilot.catalog.locations=" + base + "/skypilot/lambda/vms.csv," + base
                                + "/skypilot/aws/vms.csv",
                "--source-setting", "azure.azure.api.url=" + base + "/azure/prices",
                "--source-setting", "litellm.litellm.locations=" + base + "/litellm/model_prices.json",
                "--source-setting", "openrouter.openrouter.api.url=" + base + "/openrouter/api/v1",
                "--source-setting", "vast.vast.api.url=" + base + VAST_PATH);
    }

    /** The Authorization header of each Vast.ai search ("" when it sent none). */
    List<String> vastAuthorizations() {
        return List.copyOf(vastAuthorizations);
    }

    /** Requests (GET, or POST for the Vast.ai search) seen for paths starting with the prefix. */
    int gets(String prefix) {
        return requests.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .mapToInt(Map.Entry::getValue)
                .sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = documents.get(path);
        try (exchange) {
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", path.endsWith(".csv") ? "text/csv" : "application/json");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            requests.merge(path, 1, Integer::sum);
            if (path.equals(VAST_PATH)) {
                exchange.getRequestBody().readAllBytes();
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                vastAuthorizations.add(authorization == null ? "" : authorization);
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String azureItem(
            String armSkuName, String skuName, String productName, String region, double price) {
        return """
                {"currencyCode": "USD", "tierMinimumUnits": 0.0, "retailPrice": %s, "unitPrice": %s,
                 "armRegionName": "%s", "location": "%s", "effectiveStartDate": "2025-06-01T00:00:00Z",
                 "meterId": "m-%s-%s", "meterName": "%s", "productId": "DZH318Z0BQ4L", "skuId": "DZH318Z0BQ4L/00BJ",
                 "productName": "%s", "skuName": "%s", "serviceName": "Virtual Machines", "serviceId": "DZH313Z7MMC8",
                 "serviceFamily": "Compute", "unitOfMeasure": "1 Hour", "type": "Consumption",
                 "isPrimaryMeterRegion": true, "armSkuName": "%s"}""".formatted(
                        price, price, region, region, armSkuName, region, skuName, productName, skuName, armSkuName);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
