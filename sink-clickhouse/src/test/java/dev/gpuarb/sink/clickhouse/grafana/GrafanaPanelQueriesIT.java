package dev.gpuarb.sink.clickhouse.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.query.GenericRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.avro.Endpoint;
import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.sink.clickhouse.SampleRecords;
import dev.gpuarb.sink.clickhouse.Seeder;
import dev.gpuarb.sink.clickhouse.TestClickHouse;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.state.ClickHouseStateStore;
import dev.gpuarb.sink.clickhouse.state.PartitionState;
import dev.gpuarb.sink.clickhouse.state.Phase;
import dev.gpuarb.topics.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every panel of every dashboard in grafana/dashboards: its SQL, expanded as Grafana and the
 * ClickHouse plugin expand it, runs against ClickHouse over seeded data and returns rows with the
 * columns the panel uses.
 */
class GrafanaPanelQueriesIT {

    private static final Path GRAFANA = Path.of(System.getProperty("gpuarb.grafana.dir", "../grafana"));
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The columns each panel reads (series names, table columns, candlestick fields, heatmap cells). */
    private static final Map<String, List<String>> USED_COLUMNS = Map.ofEntries(
            Map.entry(
                    "Price board: latest USD per GPU-hour",
                    List.of("gpu_model", "provider", "region", "pricing_model", "usd_per_gpu_hour", "last_seen")),
            Map.entry(
                    "Regional spread over time (dearest vs cheapest region, %)",
                    List.of("time", "series", "spread_pct")),
            Map.entry("Cheapest region price per window", List.of("time", "series", "cheapest_price")),
            Map.entry(
                    "Time of day: price vs daily mean (%) by UTC hour",
                    List.of("hour_utc", "region", "vs_daily_mean_pct")),
            Map.entry(
                    "Hourly OHLC (USD per GPU-hour, mean over selected offers)",
                    List.of("time", "open", "high", "low", "close", "samples")),
            Map.entry(
                    "Route changes",
                    List.of(
                            "decided_at",
                            "route_id",
                            "status",
                            "from_endpoint",
                            "to_endpoint",
                            "saving_per_unit",
                            "saving_pct")),
            Map.entry("Realised savings (price unit x hours held)", List.of("time", "route_id", "realised_saving")),
            Map.entry(
                    "Spot bids against spot price (USD per instance-hour)",
                    List.of("time", "spot_price", "recommended_max_bid", "on_demand_price")),
            Map.entry("Spot bid actions", List.of("action", "recommendations", "mean_spot_price")),
            Map.entry("Arbitrage alerts", List.of("at", "gpu_model", "cheap_region", "dear_region", "spread_pct")),
            Map.entry("Event time to ClickHouse, p95 seconds", List.of("time", "target_table", "lag_seconds")),
            Map.entry("Rows written by the sink", List.of("time", "target_table", "written_rows")),
            Map.entry("Rejected records by reason", List.of("time", "series", "rejected")),
            Map.entry("Rejected records: latest", List.of("rejected_at", "source", "reason", "detail")),
            Map.entry(
                    "Sink progress per partition", List.of("connector", "topic", "partition", "last_offset", "phase")),
            Map.entry("Routing savings against the baseline (USD per hour)", List.of("time", "route_id", "saving_usd")),
            Map.entry(
                    "Spot vs on-demand: following the bid recommendations",
                    List.of(
                            "offer_id",
                            "hours",
                            "spot_hours",
                            "on_demand_cost_usd",
                            "followed_cost_usd",
                            "saving_usd")),
            Map.entry(
                    "Caching what-if per token route",
                    List.of("route_id", "requests", "cost_usd", "saving_usd", "saving_usd_per_month")),
            Map.entry(
                    "Distillation break-even (million tokens per month)",
                    List.of("route_id", "current_usd_per_million", "break_even_million_tokens_per_month")),
            Map.entry(
                    "Reserved-capacity break-even (utilisation)",
                    List.of("route_id", "current_usd_per_gpu_hour", "break_even_utilisation_pct", "can_pay_off")),
            Map.entry("Task margins over time (%)", List.of("time", "task_type", "mean_margin_pct")),
            Map.entry(
                    "Self-hosting: cheapest GPU offers vs the cheapest API (USD per 1M tokens)",
                    List.of(
                            "provider",
                            "gpu_model",
                            "gpus",
                            "usd_per_hour",
                            "tokens_per_s",
                            "usd_per_million_tokens",
                            "api_usd_per_million_tokens",
                            "break_even_concurrency")),
            Map.entry(
                    "Self-hosting break-even: cheapest GPU offer vs API by concurrency",
                    List.of(
                            "concurrency",
                            "gpu_usd_per_million_tokens",
                            "api_usd_per_million_tokens",
                            "gpu_cheaper",
                            "break_even_concurrency")),
            Map.entry(
                    "Task margins: latest per task type",
                    List.of("task_type", "latest_decision", "latest_margin_pct", "latest_cost_usd", "endpoint")));

    private static ClickHouseGateway ch;
    private static GrafanaMacros macros;

    @BeforeAll
    static void seed() {
        ch = TestClickHouse.migratedDatabase("grafana");
        Seeder.seedSamples(ch, 100);
        ClickHouseStateStore state = new ClickHouseStateStore(ch, "sink");
        state.write(new PartitionState("prices.gpu", 0, 0, 0, 99, Phase.AFTER, ""));
        seedEconomics();
        // The dashboards' default ranges end at now; the samples start two days ago.
        Instant now = Instant.now();
        macros = new GrafanaMacros(
                SampleRecords.BASE.minus(1, ChronoUnit.DAYS), now.plus(5, ChronoUnit.DAYS), Duration.ofHours(1));
    }

    @AfterAll
    static void close() {
        ch.close();
    }

    @TestFactory
    Stream<DynamicTest> everyPanelReturnsTheColumnsItUses() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : dashboards()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            Map<String, GrafanaMacros.Value> variables = resolveVariables(dashboard);
            for (JsonNode panel : dashboard.path("panels")) {
                String title = panel.path("title").asText();
                for (JsonNode target : panel.path("targets")) {
                    tests.add(DynamicTest.dynamicTest(file.getFileName() + ": " + title, () -> {
                        assertThat(USED_COLUMNS)
                                .as("columns used by panel '%s' are declared", title)
                                .containsKey(title);
                        String sql = macros.expand(target.path("rawSql").asText(), variables);
                        assertThat(sql).as("fully expanded").doesNotContain("$");
                        List<GenericRecord> rows = ch.query(sql);
                        assertThat(rows).as("rows of '%s'", title).isNotEmpty();
                        List<String> columns = rows.get(0).getSchema().getColumns().stream()
                                .map(c -> c.getColumnName())
                                .toList();
                        assertThat(columns).as("columns of '%s'", title).containsAll(USED_COLUMNS.get(title));
                        if ("timeseries".equals(panel.path("type").asText())) {
                            assertThat(columns.get(0)).isEqualTo("time");
                        }
                    }));
                }
            }
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(USED_COLUMNS.size());
        return tests.stream();
    }

    @Test
    void templateVariablesOfferTheSeededValues() throws IOException {
        JsonNode prices =
                JSON.readTree(GRAFANA.resolve("dashboards/prices.json").toFile());
        Map<String, GrafanaMacros.Value> variables = resolveVariables(prices);
        assertThat(variables.keySet()).containsExactly("gpu_model", "provider", "region");
        assertThat(variables.get("gpu_model").values()).containsExactly("H100-80GB");
        assertThat(variables.get("region").values()).containsExactly("eu-west-1", "us-east-1", "us-west-2");
    }

    /**
     * A value that leaves its string under Grafana's {@code :singlequote} (it escapes {@code '} as
     * {@code \'} and leaves {@code \} alone, and ClickHouse reads {@code \\} as one backslash): the
     * quote after the doubled backslash closes the string, the rest is SQL, and the comment swallows
     * the closing quote Grafana adds.
     */
    private static final String BREAKOUT = "x\\') OR 1=1 --";
    /** Matches nothing and holds nothing special: what a harmless value must behave like. */
    private static final String NEUTRAL = "no-such-value";

    @Test
    void aBackslashValueBreaksOutOfSinglequoteInTheOldForm() {
        String old = "SELECT count() AS n FROM gpu_prices WHERE gpu_model IN (${gpu_model:singlequote})";
        String attacked =
                GrafanaMacros.variables(old, Map.of("gpu_model", GrafanaMacros.Value.multi(List.of(BREAKOUT))));
        assertThat(attacked).isEqualTo("SELECT count() AS n FROM gpu_prices WHERE gpu_model IN ('x\\\\') OR 1=1 --')");
        long seeded = ch.query("SELECT count() AS n FROM gpu_prices").get(0).getLong("n");
        assertThat(seeded).isPositive();
        assertThat(ch.query(attacked).get(0).getLong("n"))
                .as("the value became SQL: every row matches")
                .isEqualTo(seeded);
    }

    /** The dashboards' form gives ClickHouse each selected value exactly as it was, whatever it holds. */
    @Test
    void selectedValuesArriveExactlyAndFilterExactly() throws IOException {
        String decode =
                "SELECT arrayJoin(splitByChar(',', trim(BOTH '{}' FROM decodeURLComponent('${v:percentencode}')))) AS v";
        for (String value : List.of(BREAKOUT, "x\\", "o'brien \"cloud\"", "\u00e9t\u00e9 \u2014 100%", "us-east-1")) {
            String sql = GrafanaMacros.variables(decode, Map.of("v", GrafanaMacros.Value.multi(List.of(value))));
            assertThat(ch.query(sql).stream().map(r -> r.getString("v")).toList())
                    .as(sql)
                    .containsExactly(value);
        }

        JsonNode prices =
                JSON.readTree(GRAFANA.resolve("dashboards/prices.json").toFile());
        String board = "";
        for (JsonNode panel : prices.path("panels")) {
            if (panel.path("title").asText().startsWith("Price board")) {
                board = panel.path("targets").get(0).path("rawSql").asText();
            }
        }
        Map<String, GrafanaMacros.Value> variables = resolveVariables(prices);
        for (List<String> chosen : List.of(List.of("us-east-1"), List.of("us-east-1", "eu-west-1"))) {
            variables.put("region", GrafanaMacros.Value.multi(chosen));
            List<String> shown = ch.query(macros.expand(board, variables)).stream()
                    .map(r -> r.getString("region"))
                    .distinct()
                    .toList();
            assertThat(shown)
                    .as("regions on the price board with %s selected", chosen)
                    .containsExactlyInAnyOrderElementsOf(chosen);
        }
    }

    /**
     * Each variable of each panel and variable query, set in turn to hostile values while the others
     * keep their defaults, gives exactly what a plain value that matches nothing gives: the same rows,
     * or (a number parameter given text) the same refusal.
     */
    @TestFactory
    Stream<DynamicTest> variableValuesStayDataWhateverTheyHold() throws IOException {
        List<String> attacks = List.of(
                BREAKOUT,
                "x\\' OR 1=1 --",
                "x' OR 1=1 --",
                "30) WHERE 0 --",
                "1) UNION ALL SELECT 1 --",
                "x\\",
                "x','y",
                "{a,b}",
                "%27%5C",
                "\u00e9\\");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : dashboards()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            Map<String, GrafanaMacros.Value> defaults = resolveVariables(dashboard);
            List<String> sqls = new ArrayList<>();
            dashboard
                    .path("templating")
                    .path("list")
                    .forEach(v -> sqls.add(v.path("query").asText()));
            dashboard
                    .path("panels")
                    .forEach(panel -> panel.path("targets")
                            .forEach(t -> sqls.add(t.path("rawSql").asText())));
            for (String sql : sqls) {
                for (JsonNode variable : dashboard.path("templating").path("list")) {
                    String name = variable.path("name").asText();
                    if (!sql.contains("${" + name + "}") && !sql.contains("${" + name + ":")) {
                        continue;
                    }
                    boolean multi = variable.path("multi").asBoolean();
                    tests.add(DynamicTest.dynamicTest(
                            file.getFileName() + " $" + name + ": "
                                    + sql.lines().findFirst().orElse(""),
                            () -> {
                                Outcome neutral = run(macros.expand(sql, with(defaults, name, NEUTRAL, multi)));
                                for (String attack : attacks) {
                                    assertThat(run(macros.expand(sql, with(defaults, name, attack, multi))))
                                            .as("$%s = %s is data, like any value that matches nothing", name, attack)
                                            .isEqualTo(neutral);
                                }
                            }));
                }
            }
        }
        assertThat(tests).hasSizeGreaterThan(20);
        return tests.stream();
    }

    private static Map<String, GrafanaMacros.Value> with(
            Map<String, GrafanaMacros.Value> defaults, String name, String text, boolean multi) {
        Map<String, GrafanaMacros.Value> values = new LinkedHashMap<>(defaults);
        values.put(name, multi ? GrafanaMacros.Value.multi(List.of(text)) : GrafanaMacros.Value.single(text));
        return values;
    }

    /** The rows a query returns (as text), or that ClickHouse refused it. */
    private record Outcome(boolean refused, List<String> rows) {}

    private static Outcome run(String sql) {
        try {
            return new Outcome(
                    false,
                    ch.query(sql).stream().map(GrafanaPanelQueriesIT::render).toList());
        } catch (RuntimeException e) {
            return new Outcome(true, List.of());
        }
    }

    @Test
    void provisioningUsesTheOfficialPluginAndLoadsTheDashboards() throws IOException {
        String datasource = Files.readString(GRAFANA.resolve("provisioning/datasources/clickhouse.yaml"));
        assertThat(datasource)
                .contains("type: grafana-clickhouse-datasource")
                .contains("uid: gpuarb-clickhouse")
                .contains("password: ${CLICKHOUSE_PASSWORD}");
        String provider = Files.readString(GRAFANA.resolve("provisioning/dashboards/gpuarb.yaml"));
        assertThat(provider).contains("type: file").contains("path: /var/lib/grafana/dashboards/gpuarb");
        for (Path file : dashboards()) {
            JsonNode d = JSON.readTree(file.toFile());
            for (JsonNode panel : d.path("panels")) {
                assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("gpuarb-clickhouse");
            }
        }
    }

    /**
     * The economics panels join decisions with request counts and need a token route: requests at
     * the sample GPU route's endpoint after its last decision, and a token route on the sample
     * token offer (which has request counts already). The self-hosting panels need an API price of a
     * known model, which the sample 8x H100 offers can serve.
     */
    private static void seedEconomics() {
        List<EndpointLatencySummary> requests = new ArrayList<>();
        Instant after = SampleRecords.BASE.plus(3, ChronoUnit.HOURS);
        for (int i = 0; i < 5; i++) {
            requests.add(EndpointLatencySummary.newBuilder()
                    .setEndpointId(SampleRecords.endpoint("aws", "us-west-2", 0).getOfferId())
                    .setWindowStart(after.plusSeconds(60L * i))
                    .setWindowEnd(after.plusSeconds(60L * (i + 1)))
                    .setRequestCount(50)
                    .setErrorCount(0)
                    .setErrorRate(0)
                    .setP50Ms(100)
                    .setP99Ms(200)
                    .setSketch(null)
                    .build());
        }
        Seeder.insert(ch, Topic.LATENCY_SUMMARIES, requests);
        Endpoint token = new Endpoint("openai|gpt-4o|", WorkloadKind.TOKENS, "openai", null, null, "gpt-4o", null);
        Seeder.insert(
                ch,
                Topic.ROUTE_UPDATES,
                List.of(RouteUpdate.newBuilder()
                        .setRouteId("chat")
                        .setStatus(RouteStatus.ROUTED)
                        .setChosen(new RouteCandidate(token, 5.0, null, null))
                        .setAlternatives(List.of())
                        .setPriceUnit("USD/1M tokens")
                        .setReason("new policy")
                        .setPrevious(null)
                        .setSavingPerUnit(null)
                        .setSavingPct(null)
                        .setDecidedAt(SampleRecords.BASE)
                        .build()));
        Seeder.insert(
                ch,
                Topic.TOKEN_PRICES,
                List.of(TokenPriceObservation.newBuilder()
                        .setOfferId("together|meta-llama-3.1-70b-instruct-turbo|")
                        .setProvider("together")
                        .setModel("meta-llama-3.1-70b-instruct-turbo")
                        .setProviderModelId("together_ai/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo")
                        .setRegion(null)
                        .setUsdPerMillionInput(0.88)
                        .setUsdPerMillionOutput(0.88)
                        .setUsdPerMillionCachedInput(null)
                        .setMaxInputTokens(null)
                        .setObservedAt(SampleRecords.BASE)
                        .setSource("test")
                        .setTags(List.of())
                        .build()));
    }

    private static Map<String, GrafanaMacros.Value> resolveVariables(JsonNode dashboard) {
        return DashboardVariables.resolve(ch, dashboard);
    }

    private static String render(GenericRecord row) {
        StringBuilder text = new StringBuilder();
        row.getValues()
                .forEach((column, value) -> text.append(column)
                        .append('=')
                        .append(value instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(value))
                        .append("; "));
        return text.toString();
    }

    private static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }
}
