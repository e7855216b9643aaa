package dev.gpuarb.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.clickhouse.client.api.query.GenericRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.grafana.GrafanaMacros;
import dev.gpuarb.sink.clickhouse.selfhost.ThroughputRows;
import dev.gpuarb.sink.clickhouse.selfhost.ThroughputTables;
import dev.gpuarb.throughput.Calibration;
import dev.gpuarb.throughput.Deployment;
import dev.gpuarb.throughput.InstanceThroughput;
import dev.gpuarb.throughput.KnownModel;
import dev.gpuarb.throughput.KnownModels;
import dev.gpuarb.throughput.ThroughputModel;
import dev.gpuarb.throughput.ThroughputOverrides;
import dev.gpuarb.topics.Topic;
import dev.gpuarb.vocab.GpuModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The self-hosting views, through the queries of docs/analyst-queries.md, against seeded GPU and token
 * prices. Tokens/s per instance come from the throughput model (the figure the views are meant to share
 * with it); which offers are live, the blend, the price per token, the cheapest offers and the break-even
 * are worked out here from the seeded records.
 */
class SelfHostEconomicsIT {

    private static final Path DOC = Path.of(System.getProperty("gpuarb.sink.docs.dir", "docs"), "analyst-queries.md");
    private static final Instant NOW = Instant.now();
    private static final String MODEL = "llama-3.1-8b-instruct";
    private static final List<Integer> GRID = List.of(1, 2, 4, 8, 16, 32, 64, 128, 256);
    private static final List<GpuPriceObservation> GPU_PRICES = new ArrayList<>();
    private static final List<TokenPriceObservation> TOKEN_PRICES = new ArrayList<>();
    private static ClickHouseGateway ch;

    @BeforeAll
    static void seed() {
        ch = TestClickHouse.migratedDatabase("selfhost");
        // A 1x H100 whose price fell; the older price must not count.
        GPU_PRICES.add(
                gpu("lambda", "gpu_1x_h100", "H100-80GB", 1, PricingModel.ON_DEMAND, 3.29, ago(120), null, false));
        GPU_PRICES.add(
                gpu("lambda", "gpu_1x_h100", "H100-80GB", 1, PricingModel.ON_DEMAND, 2.49, ago(60), null, false));
        GPU_PRICES.add(gpu(
                "aws",
                "p5.48xlarge",
                "H100-80GB",
                8,
                PricingModel.ON_DEMAND,
                98.32,
                ago(30),
                NOW.plusSeconds(3600),
                false));
        GPU_PRICES.add(gpu("gcp", "g2-standard-4", "L4", 1, PricingModel.SPOT, 0.30, ago(30), null, false));
        GPU_PRICES.add(gpu("runpod", "2x-a100", "A100-80GB", 2, PricingModel.MARKETPLACE, 2.80, ago(30), null, false));
        GPU_PRICES.add(gpu("vast", "3x-4090", "RTX4090", 3, PricingModel.MARKETPLACE, 1.05, ago(30), null, false));
        // Cheap but not live: withdrawn after its price, expired, and a GPU without datasheet figures.
        GPU_PRICES.add(gpu("gone", "h100", "H100-80GB", 1, PricingModel.ON_DEMAND, 0.40, ago(90), null, false));
        GPU_PRICES.add(gpu("gone", "h100", "H100-80GB", 1, PricingModel.ON_DEMAND, 0.40, ago(20), null, true));
        GPU_PRICES.add(gpu(
                "stale", "h100", "H100-80GB", 1, PricingModel.ON_DEMAND, 0.40, ago(90), NOW.minusSeconds(60), false));
        GPU_PRICES.add(gpu("aws", "g5.xlarge", "A10G", 1, PricingModel.ON_DEMAND, 0.10, ago(30), null, false));
        Seeder.insert(ch, Topic.GPU_PRICES, GPU_PRICES);

        // The same model under several providers' names; the cheapest candidates are not live or free.
        TOKEN_PRICES.add(token(
                "together",
                "together_ai/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo",
                "meta-llama-3.1-8b-instruct-turbo",
                0.10,
                0.10,
                ago(120),
                null,
                false,
                List.of()));
        TOKEN_PRICES.add(token(
                "together",
                "together_ai/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo",
                "meta-llama-3.1-8b-instruct-turbo",
                0.18,
                0.18,
                ago(60),
                null,
                false,
                List.of()));
        TOKEN_PRICES.add(token(
                "bedrock",
                "us.meta.llama3-1-8b-instruct-v1:0",
                "llama3-1-8b-instruct",
                0.22,
                0.22,
                ago(60),
                NOW.plusSeconds(3600),
                false,
                List.of()));
        TOKEN_PRICES.add(token(
                "fireworks",
                "accounts/fireworks/models/llama-v3p1-8b-instruct",
                "llama-v3p1-8b-instruct",
                0.20,
                0.20,
                ago(60),
                null,
                false,
                List.of()));
        TOKEN_PRICES.add(token(
                "openrouter",
                "meta-llama/llama-3.1-8b-instruct:free",
                "llama-3.1-8b-instruct",
                0,
                0,
                ago(60),
                null,
                false,
                List.of("free")));
        TOKEN_PRICES.add(token(
                "groq",
                "groq/llama-3.1-8b-instant",
                "llama-3.1-8b-instant",
                0.05,
                0.08,
                ago(60),
                null,
                true,
                List.of()));
        TOKEN_PRICES.add(token(
                "deepinfra",
                "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct",
                "meta-llama-3.1-8b-instruct",
                0.03,
                0.05,
                ago(60),
                NOW.minusSeconds(60),
                false,
                List.of()));
        TOKEN_PRICES.add(token(
                "together",
                "together_ai/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo",
                "meta-llama-3.1-70b-instruct-turbo",
                0.88,
                0.88,
                ago(60),
                null,
                false,
                List.of()));
        TOKEN_PRICES.add(token("openai", "gpt-4o", "gpt-4o", 2.5, 10, ago(60), null, false, List.of()));
        Seeder.insert(ch, Topic.TOKEN_PRICES, TOKEN_PRICES);
    }

    @AfterAll
    static void close() {
        ch.close();
    }

    @Test
    void cheapestGpuOffersBesideTheCheapestApi() throws IOException {
        List<GenericRecord> rows = ch.query(query("selfhost-offers"));
        List<Priced> expected = pricedOffers(32, 4096, 3, 0, "");
        assertThat(rows)
                .extracting(r -> r.getString("offer_id"))
                .containsExactlyElementsOf(
                        expected.stream().map(p -> p.offer().getOfferId()).toList());
        assertThat(expected)
                .extracting(p -> p.offer().getProvider())
                .as("live offers that fit at 32 x 4096 tokens")
                .contains("lambda", "aws", "runpod")
                .doesNotContain("gone", "stale");
        assertThat(expected).extracting(p -> p.offer().getGpuModel()).doesNotContain("A10G");
        Api api = cheapestApi(3).orElseThrow();
        assertThat(api.price().getProvider()).isEqualTo("together");
        Integer breakEven = breakEven(4096, 3, 0, "");
        assertThat(breakEven)
                .as("in the grid, above its first point")
                .isNotNull()
                .isGreaterThan(1);
        for (int i = 0; i < rows.size(); i++) {
            GenericRecord r = rows.get(i);
            Priced e = expected.get(i);
            assertThat(r.getDouble("usd_per_hour")).isEqualTo(e.offer().getUsdPerHour());
            assertThat(r.getDouble("tokens_per_s")).isCloseTo(e.tokensPerSecond(), within(e.tokensPerSecond() * 1e-9));
            assertThat(r.getDouble("usd_per_million_tokens"))
                    .as(e.offer().getOfferId())
                    .isCloseTo(e.usdPerMillion(), within(e.usdPerMillion() * 1e-9));
            assertThat(r.getString("api_offer_id")).isEqualTo(api.price().getOfferId());
            assertThat(r.getDouble("api_usd_per_million_tokens")).isCloseTo(api.usdPerMillion(), within(1e-12));
            assertThat(r.getBoolean("cheaper_than_api")).isEqualTo(e.usdPerMillion() < api.usdPerMillion());
            assertThat(nullableInt(r, "break_even_concurrency")).isEqualTo(breakEven);
        }
    }

    @Test
    void aPerSequenceSpeedFloorAndAPricingModel() throws IOException {
        List<GenericRecord> rows = ch.query(query("selfhost-offers-interactive"));
        List<Priced> expected = pricedOffers(32, 4096, 3, 40, "ON_DEMAND");
        assertThat(pricedOffers(32, 4096, 3, 0, "ON_DEMAND"))
                .as("the floor leaves some out")
                .hasSizeGreaterThan(expected.size());
        assertThat(rows)
                .extracting(r -> r.getString("offer_id"))
                .containsExactlyElementsOf(
                        expected.stream().map(p -> p.offer().getOfferId()).toList());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).getDouble("per_sequence_tokens_per_s")).isGreaterThanOrEqualTo(40);
            assertThat(rows.get(i).getDouble("usd_per_million_tokens"))
                    .isCloseTo(
                            expected.get(i).usdPerMillion(),
                            within(expected.get(i).usdPerMillion() * 1e-9));
            assertThat(nullableInt(rows.get(i), "break_even_concurrency"))
                    .isEqualTo(breakEven(4096, 3, 40, "ON_DEMAND"));
        }
    }

    @Test
    void cheapestOfferAndApiAtEveryConcurrency() throws IOException {
        List<GenericRecord> rows = ch.query(query("selfhost-breakeven"));
        assertThat(rows).extracting(r -> r.getInteger("concurrency")).containsExactlyElementsOf(GRID);
        Api api = cheapestApi(3).orElseThrow();
        Integer breakEven = breakEven(4096, 3, 0, "");
        boolean sawDearer = false;
        for (GenericRecord r : rows) {
            int concurrency = r.getInteger("concurrency");
            List<Priced> offers = pricedOffers(concurrency, 4096, 3, 0, "");
            assertThat(r.getLong("gpu_offers")).as("offers at %d", concurrency).isEqualTo(offers.size());
            assertThat(r.getString("api_offer_id")).isEqualTo(api.price().getOfferId());
            if (offers.isEmpty()) {
                assertThat(r.getObject("gpu_usd_per_million_tokens")).isNull();
                assertThat(r.getBoolean("gpu_cheaper")).isFalse();
                continue;
            }
            Priced cheapest = offers.get(0);
            assertThat(r.getString("gpu_offer_id")).isEqualTo(cheapest.offer().getOfferId());
            assertThat(r.getDouble("gpu_usd_per_million_tokens"))
                    .isCloseTo(cheapest.usdPerMillion(), within(cheapest.usdPerMillion() * 1e-9));
            assertThat(r.getBoolean("gpu_cheaper")).isEqualTo(cheapest.usdPerMillion() < api.usdPerMillion());
            sawDearer |= cheapest.usdPerMillion() >= api.usdPerMillion();
            assertThat(nullableInt(r, "break_even_concurrency")).isEqualTo(breakEven);
        }
        assertThat(sawDearer).as("the API is cheaper somewhere on the grid").isTrue();
    }

    /**
     * The Grafana economics dashboard's two self-hosting panels, their variables set to this model at
     * 32 sequences of 4,096 tokens and 3 input tokens per output token: the offers panel lists the
     * cheapest offers worked out here beside the cheapest API, the break-even panel the cheapest offer
     * at every concurrency of the grid.
     */
    @Test
    void theDashboardsSelfHostingPanelsShowTheseFigures() throws IOException {
        Map<String, GrafanaMacros.Value> variables = Map.of(
                "selfhost_model",
                GrafanaMacros.Value.single(MODEL),
                "selfhost_concurrency",
                GrafanaMacros.Value.single("32"),
                "selfhost_context",
                GrafanaMacros.Value.single("4096"),
                "input_output_ratio",
                GrafanaMacros.Value.single("3"),
                "min_tokens_per_second_per_sequence",
                GrafanaMacros.Value.single("0"),
                "selfhost_pricing_model",
                GrafanaMacros.Value.single(""));
        Api api = cheapestApi(3).orElseThrow();
        Integer breakEven = breakEven(4096, 3, 0, "");

        List<GenericRecord> offers =
                ch.query(GrafanaMacros.variables(panelSql("Self-hosting: cheapest GPU offers"), variables));
        List<Priced> expected =
                pricedOffers(32, 4096, 3, 0, "").stream().limit(20).toList();
        assertThat(offers).hasSize(expected.size()).isNotEmpty();
        for (int i = 0; i < offers.size(); i++) {
            GenericRecord r = offers.get(i);
            Priced e = expected.get(i);
            assertThat(r.getString("provider")).isEqualTo(e.offer().getProvider());
            assertThat(r.getString("gpu_model")).isEqualTo(e.offer().getGpuModel());
            assertThat(r.getInteger("gpus")).isEqualTo(e.offer().getGpuCount());
            assertThat(r.getDouble("usd_per_hour")).isEqualTo(e.offer().getUsdPerHour());
            assertThat(r.getDouble("tokens_per_s")).isCloseTo(e.tokensPerSecond(), within(e.tokensPerSecond() * 1e-9));
            assertThat(r.getDouble("usd_per_million_tokens"))
                    .isCloseTo(e.usdPerMillion(), within(e.usdPerMillion() * 1e-9));
            assertThat(r.getString("api_provider")).isEqualTo(api.price().getProvider());
            assertThat(r.getDouble("api_usd_per_million_tokens")).isCloseTo(api.usdPerMillion(), within(1e-12));
            assertThat(r.getBoolean("cheaper_than_api")).isEqualTo(e.usdPerMillion() < api.usdPerMillion());
            assertThat(nullableInt(r, "break_even_concurrency")).isEqualTo(breakEven);
        }

        List<GenericRecord> grid = ch.query(GrafanaMacros.variables(panelSql("Self-hosting break-even"), variables));
        assertThat(grid).extracting(r -> r.getInteger("concurrency")).containsExactlyElementsOf(GRID);
        for (GenericRecord r : grid) {
            List<Priced> at = pricedOffers(r.getInteger("concurrency"), 4096, 3, 0, "");
            assertThat(r.getLong("gpu_offers")).isEqualTo(at.size());
            assertThat(r.getString("api_provider")).isEqualTo(api.price().getProvider());
            assertThat(nullableInt(r, "break_even_concurrency")).isEqualTo(breakEven);
            if (at.isEmpty()) {
                assertThat(r.getObject("gpu_usd_per_million_tokens")).isNull();
                continue;
            }
            assertThat(r.getString("gpu_provider")).isEqualTo(at.get(0).offer().getProvider());
            assertThat(r.getDouble("gpu_usd_per_million_tokens"))
                    .isCloseTo(at.get(0).usdPerMillion(), within(at.get(0).usdPerMillion() * 1e-9));
            assertThat(r.getBoolean("gpu_cheaper")).isEqualTo(at.get(0).usdPerMillion() < api.usdPerMillion());
        }
    }

    /** The SQL of the economics dashboard's panel whose title starts so. */
    private static String panelSql(String titleStart) throws IOException {
        Path dashboard =
                Path.of(System.getProperty("gpuarb.grafana.dir", "../grafana"), "dashboards", "economics.json");
        for (JsonNode panel : new ObjectMapper().readTree(dashboard.toFile()).path("panels")) {
            if (panel.path("title").asText().startsWith(titleStart)) {
                return panel.path("targets").get(0).path("rawSql").asText();
            }
        }
        throw new AssertionError("no panel '" + titleStart + "...' in " + dashboard);
    }

    @Test
    void everyLivePaidApiOfferOfTheModelBlended() throws IOException {
        List<GenericRecord> rows = ch.query(query("selfhost-api"));
        List<Api> expected = apiOffers(3);
        assertThat(expected)
                .extracting(a -> a.price().getProvider())
                .containsExactly("together", "fireworks", "bedrock");
        assertThat(rows)
                .extracting(r -> r.getString("offer_id"))
                .containsExactlyElementsOf(
                        expected.stream().map(a -> a.price().getOfferId()).toList());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).getDouble("usd_per_million_tokens"))
                    .isCloseTo(expected.get(i).usdPerMillion(), within(1e-12));
        }
    }

    @Test
    void aModelWithoutAnApiHasNoBreakEven() {
        List<GenericRecord> rows =
                ch.query("SELECT concurrency, gpu_offers, api_offer_id, gpu_cheaper, break_even_concurrency"
                        + " FROM econ_selfhost_breakeven(model = 'qwen2.5-7b-instruct', context_tokens = 1024, input_output_ratio = 1,"
                        + " min_tokens_per_second_per_sequence = 0, pricing_model = '') ORDER BY concurrency");
        assertThat(rows).hasSize(GRID.size());
        assertThat(rows.get(0).getLong("gpu_offers")).isPositive();
        for (GenericRecord r : rows) {
            assertThat(r.getObject("api_offer_id")).isNull();
            assertThat(r.getBoolean("gpu_cheaper")).isFalse();
            assertThat(r.getObject("break_even_concurrency")).isNull();
        }
    }

    /** The SQL name rule gives what KnownModels.byName gives, on provider ids first, then on model names. */
    @Test
    void tokenModelIdsFollowKnownModelsByName() {
        try (ClickHouseGateway names = TestClickHouse.migratedDatabase("selfhost_names")) {
            List<TokenPriceObservation> prices = new ArrayList<>();
            List<String> variants = new ArrayList<>(List.of(
                    "gpt-4o",
                    "us.gpt-4o",
                    "llama-3.1-8b",
                    "",
                    "/",
                    "a//b",
                    "openrouter/",
                    "US.META.LLAMA3-1-70B-INSTRUCT-V1:0",
                    "bedrock/eu.deepseek.r1-v1:0",
                    "x/us-gov.meta.llama3-3-70b-instruct-v1:0",
                    "us.us.meta.llama3-1-8b-instruct-v1:0",
                    "qwen/qwen3-8b:free:nitro",
                    "deepseek-chat",
                    "llama3.1:8b:free"));
            for (String name : ThroughputRows.modelNames().keySet()) {
                variants.addAll(List.of(
                        name,
                        name.toUpperCase(Locale.ROOT),
                        "openrouter/" + name + ":free",
                        "together_ai/Org/" + name,
                        "global." + name,
                        "a/b/c/apac." + name + ":extended",
                        name + "x",
                        "x" + name,
                        " " + name + " "));
            }
            int i = 0;
            for (String providerId : variants) {
                String model = i % 3 == 0 ? "llama3-1-8b-instruct" : i % 3 == 1 ? "not-a-model" : providerId.strip();
                prices.add(token("p" + i++, providerId, model, 1, 1, ago(10), null, false, List.of()));
            }
            Seeder.insert(names, Topic.TOKEN_PRICES, prices);
            Map<String, String> shown = new TreeMap<>();
            names.query("SELECT provider_model_id, model, model_id FROM token_model_ids")
                    .forEach(r -> shown.put(
                            r.getString("provider_model_id") + "\u0000" + r.getString("model"),
                            r.getString("model_id")));
            Map<String, String> expected = new TreeMap<>();
            for (TokenPriceObservation p : prices) {
                KnownModels.byName(p.getProviderModelId())
                        .or(() -> KnownModels.byName(p.getModel()))
                        .ifPresent(k -> expected.put(p.getProviderModelId() + "\u0000" + p.getModel(), k.id()));
            }
            assertThat(expected.size()).as("most variants name a model").isGreaterThan(variants.size() / 2);
            assertThat(shown).isEqualTo(expected);
        }
    }

    /** A second refresh with the same figures writes nothing; other figures replace the set as a whole. */
    @Test
    void theThroughputTableFollowsTheModel() throws InterruptedException {
        try (ClickHouseGateway db = TestClickHouse.migratedDatabase("selfhost_refresh")) {
            String first = ThroughputTables.latestVersion(db);
            int rows = new ThroughputRows(new ThroughputModel()).throughput().size();
            assertThat(TestClickHouse.count(db, "SELECT count() FROM gpu_throughput WHERE version = '" + first + "'"))
                    .isEqualTo(rows);
            assertThat(new ThroughputTables().refresh(db)).isFalse();

            Calibration c = Calibration.MEASURED;
            ThroughputModel slower = new ThroughputModel(
                    new Calibration(
                            c.bandwidthFraction() / 2,
                            c.flopsFraction() / 2,
                            c.tensorParallelEfficiencyPerExtraGpu(),
                            c.memoryReserveFraction()),
                    ThroughputOverrides.none());
            assertThat(new ThroughputTables(slower).refresh(db)).isTrue();
            String second = ThroughputTables.latestVersion(db);
            assertThat(second).isNotEqualTo(first);
            InstanceThroughput expected = InstanceThroughput.best(slower, deployment("H100-80GB", 1), 32, 4096)
                    .orElseThrow();
            List<GenericRecord> row = db.query("SELECT output_tokens_per_s FROM gpu_throughput WHERE version = "
                    + "(SELECT argMax(version, published_at) FROM gpu_throughput_versions) AND model_id = '" + MODEL
                    + "' AND gpu_model = 'H100-80GB' AND gpus = 1 AND concurrency = 32 AND context_tokens = 4096");
            assertThat(row).hasSize(1);
            assertThat(row.get(0).getDouble(1))
                    .isCloseTo(expected.decodeTokensPerSecond(), within(expected.decodeTokensPerSecond() * 1e-9));
            assertThat(TestClickHouse.count(db, "SELECT count() FROM gpu_throughput WHERE version = '" + second + "'"))
                    .isEqualTo(new ThroughputRows(slower).throughput().size());
            // The older set is deleted by a mutation, which runs in the background.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (TestClickHouse.count(db, "SELECT count() FROM gpu_throughput WHERE version = '" + first + "'") > 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(TestClickHouse.count(db, "SELECT count() FROM gpu_throughput WHERE version != '" + second + "'"))
                    .isZero();
        }
    }

    // ---- the expected answers, from the seeded records ----

    /** A live GPU offer priced per token at one point. */
    private record Priced(
            GpuPriceObservation offer, InstanceThroughput throughput, double tokensPerSecond, double usdPerMillion) {}

    /** A live, paid API offer of the model, blended. */
    private record Api(TokenPriceObservation price, double usdPerMillion) {}

    /** Live offers that can serve the model, cheapest first (ties by offer id). */
    private static List<Priced> pricedOffers(
            int concurrency, int context, double ratio, double minPerSequence, String pricingModel) {
        List<Priced> out = new ArrayList<>();
        for (GpuPriceObservation offer :
                latest(GPU_PRICES, GpuPriceObservation::getOfferId, GpuPriceObservation::getObservedAt)) {
            boolean live = !offer.getWithdrawn()
                    && (offer.getValidUntil() == null || offer.getValidUntil().isAfter(Instant.now()));
            if (!live
                    || !(pricingModel.isEmpty()
                            || offer.getPricingModel().name().equals(pricingModel))) {
                continue;
            }
            Optional<InstanceThroughput> t = InstanceThroughput.best(
                    new ThroughputModel(), deployment(offer.getGpuModel(), offer.getGpuCount()), concurrency, context);
            if (t.isEmpty() || t.get().perSequenceTokensPerSecond() < minPerSequence) {
                continue;
            }
            double secondsPerOutputToken = 1 / t.get().decodeTokensPerSecond()
                    + ratio / t.get().prefillTokensPerSecond().getAsDouble();
            double tokensPerSecond = (1 + ratio) / secondsPerOutputToken;
            double usdPerMillion = offer.getUsdPerHour() / 3600 / tokensPerSecond * 1_000_000;
            out.add(new Priced(offer, t.get(), tokensPerSecond, usdPerMillion));
        }
        out.sort(Comparator.comparingDouble(Priced::usdPerMillion)
                .thenComparing(p -> p.offer().getOfferId()));
        return out;
    }

    private static List<Api> apiOffers(double ratio) {
        List<Api> out = new ArrayList<>();
        for (TokenPriceObservation p :
                latest(TOKEN_PRICES, TokenPriceObservation::getOfferId, TokenPriceObservation::getObservedAt)) {
            boolean live = !p.getWithdrawn()
                    && (p.getValidUntil() == null || p.getValidUntil().isAfter(Instant.now()));
            boolean sameModel = KnownModels.byName(p.getProviderModelId())
                    .or(() -> KnownModels.byName(p.getModel()))
                    .map(KnownModel::id)
                    .filter(MODEL::equals)
                    .isPresent();
            if (live && sameModel && !p.getTags().contains("free")) {
                out.add(new Api(p, (ratio * p.getUsdPerMillionInput() + p.getUsdPerMillionOutput()) / (1 + ratio)));
            }
        }
        out.sort(Comparator.comparingDouble(Api::usdPerMillion)
                .thenComparing(a -> a.price().getOfferId()));
        return out;
    }

    private static Optional<Api> cheapestApi(double ratio) {
        return apiOffers(ratio).stream().findFirst();
    }

    /** The first concurrency of the grid where the cheapest offer beats the cheapest API; null if none does. */
    private static Integer breakEven(int context, double ratio, double minPerSequence, String pricingModel) {
        Optional<Api> api = cheapestApi(ratio);
        for (int concurrency : GRID) {
            List<Priced> offers = pricedOffers(concurrency, context, ratio, minPerSequence, pricingModel);
            if (api.isPresent()
                    && !offers.isEmpty()
                    && offers.get(0).usdPerMillion() < api.get().usdPerMillion()) {
                return concurrency;
            }
        }
        return null;
    }

    private static <T> List<T> latest(
            List<T> records, java.util.function.Function<T, String> key, java.util.function.Function<T, Instant> at) {
        Map<String, T> latest = new LinkedHashMap<>();
        for (T r : records) {
            latest.merge(key.apply(r), r, (a, b) -> at.apply(b).isAfter(at.apply(a)) ? b : a);
        }
        return List.copyOf(latest.values());
    }

    private static Deployment deployment(String gpuModel, int gpus) {
        KnownModel model = KnownModels.byName(MODEL).orElseThrow();
        return Deployment.of(
                model.shape(),
                model.publishedWeights(),
                GpuModels.byCanonicalName(gpuModel).orElseThrow(),
                gpus);
    }

    private static Integer nullableInt(GenericRecord r, String column) {
        return r.getObject(column) == null ? null : r.getInteger(column);
    }

    private static Instant ago(int minutes) {
        return NOW.minus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    }

    static GpuPriceObservation gpu(
            String provider,
            String instanceType,
            String gpuModel,
            int gpus,
            PricingModel pricing,
            double usdPerHour,
            Instant at,
            Instant validUntil,
            boolean withdrawn) {
        return GpuPriceObservation.newBuilder()
                .setOfferId(provider + "|us-east-1||" + instanceType + "|" + pricing)
                .setProvider(provider)
                .setRegion("us-east-1")
                .setZone(null)
                .setInstanceType(instanceType)
                .setGpuModel(gpuModel)
                .setGpuCount(gpus)
                .setGpuMemoryGb(80)
                .setPricingModel(pricing)
                .setUsdPerHour(usdPerHour)
                .setUsdPerGpuHour(usdPerHour / gpus)
                .setCurrency("USD")
                .setOriginalAmount(usdPerHour)
                .setObservedAt(at)
                .setSource("test")
                .setComplianceTags(List.of())
                .setAttributes(Map.of())
                .setValidUntil(validUntil)
                .setWithdrawn(withdrawn)
                .build();
    }

    static TokenPriceObservation token(
            String provider,
            String providerModelId,
            String model,
            double in,
            double out,
            Instant at,
            Instant validUntil,
            boolean withdrawn,
            List<String> tags) {
        return TokenPriceObservation.newBuilder()
                .setOfferId(provider + "|" + model + "|")
                .setProvider(provider)
                .setModel(model)
                .setProviderModelId(providerModelId)
                .setRegion(null)
                .setUsdPerMillionInput(in)
                .setUsdPerMillionOutput(out)
                .setUsdPerMillionCachedInput(null)
                .setMaxInputTokens(null)
                .setObservedAt(at)
                .setSource("test")
                .setTags(tags)
                .setValidUntil(validUntil)
                .setWithdrawn(withdrawn)
                .build();
    }

    /** The SQL block that follows {@code <!-- query: name -->} in the document. */
    private static String query(String name) throws IOException {
        String doc = Files.readString(DOC);
        Matcher m = Pattern.compile("<!-- query: " + Pattern.quote(name) + " -->\\s*```sql\\n(.*?)```", Pattern.DOTALL)
                .matcher(doc);
        assertThat(m.find()).as("query %s in %s", name, DOC).isTrue();
        return m.group(1).strip();
    }
}
