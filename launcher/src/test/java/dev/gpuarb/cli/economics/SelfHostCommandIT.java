package dev.gpuarb.cli.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpuarb.cli.CliRun;
import dev.gpuarb.cli.common.StateDir;
import dev.gpuarb.clickhouse.embedded.EmbeddedClickHouse;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.db.ClickHouseSettings;
import dev.gpuarb.sink.clickhouse.migrate.Migrator;
import dev.gpuarb.sink.clickhouse.migrate.RetentionSettings;
import dev.gpuarb.throughput.Deployment;
import dev.gpuarb.throughput.InstanceThroughput;
import dev.gpuarb.throughput.KnownModel;
import dev.gpuarb.throughput.KnownModels;
import dev.gpuarb.throughput.ThroughputModel;
import dev.gpuarb.vocab.GpuModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gpuarb economics selfhost} against a real ClickHouse (embedded engine) with the sink's
 * migrations, which fill the throughput table. Expected prices per token are worked out here, with
 * tokens/s from the throughput model.
 */
class SelfHostCommandIT {

    private static final String DB = "econ_selfhost_cli";
    private static final String MODEL = "llama-3.1-8b-instruct";
    private static final List<Integer> GRID = List.of(1, 2, 4, 8, 16, 32, 64, 128, 256);
    /** offer id -> {GPU model, GPUs, USD per hour}; all on demand and live. */
    private static final Map<String, Object[]> OFFERS = Map.of(
            "lambda-1xh100", new Object[] {"H100-80GB", 1, 2.49},
            "aws-p5", new Object[] {"H100-80GB", 8, 98.32},
            "runpod-2xa100", new Object[] {"A100-80GB", 2, 2.80});

    private static final double API_INPUT = 0.18;
    private static final double API_OUTPUT = 0.18;
    private static EmbeddedClickHouse clickhouse;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        clickhouse = SharedClickHouse.engine();
        try (ClickHouseGateway ch = new ClickHouseGateway(new ClickHouseSettings(
                clickhouse.httpUrl(), "default", clickhouse.password(), DB, Duration.ofSeconds(30)))) {
            new Migrator(ch, RetentionSettings.DEFAULTS).migrate();
            StringBuilder gpus = new StringBuilder();
            OFFERS.forEach((id, o) -> gpus.append(gpus.length() == 0 ? "" : ", ")
                    .append("('")
                    .append(id)
                    .append("', '")
                    .append(id.split("-")[0])
                    .append("', 'us-east-1', 'x', '")
                    .append(o[0])
                    .append("', ")
                    .append(o[1])
                    .append(", 80, 'ON_DEMAND', ")
                    .append(o[2])
                    .append(", 1, 'USD', 1, now64(3) - 60, 't')"));
            ch.execute("INSERT INTO " + DB
                    + ".gpu_prices (offer_id, provider, region, instance_type, gpu_model, gpu_count,"
                    + " gpu_memory_gb, pricing_model, usd_per_hour, usd_per_gpu_hour, currency, original_amount, observed_at,"
                    + " source) VALUES " + gpus);
            ch.execute("INSERT INTO " + DB + ".token_prices (offer_id, provider, model, provider_model_id,"
                    + " usd_per_million_input, usd_per_million_output, observed_at, source, tags) VALUES"
                    + " ('together|meta-llama-3.1-8b-instruct-turbo|', 'together', 'meta-llama-3.1-8b-instruct-turbo',"
                    + " 'together_ai/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', " + API_INPUT + ", " + API_OUTPUT
                    + ", now64(3) - 60, 't', [])");
        }
    }

    @BeforeEach
    void writeThePasswordFile() throws Exception {
        Files.writeString(dir.resolve(StateDir.CLICKHOUSE_PASSWORD_FILE), clickhouse.password() + "\n");
    }

    private String[] ch(String... args) {
        String[] out = Arrays.copyOf(args, args.length + 6);
        System.arraycopy(
                new String[] {"--clickhouse-url", clickhouse.httpUrl(), "--database", DB, "--state-dir", dir.toString()
                },
                0,
                out,
                args.length,
                6);
        return out;
    }

    /** USD per 1M tokens of an offer, blended at {@code ratio} input tokens per output token; empty if it cannot serve. */
    private static OptionalDouble usdPerMillion(String offer, int concurrency, int context, double ratio) {
        Object[] o = OFFERS.get(offer);
        KnownModel known = KnownModels.byName(MODEL).orElseThrow();
        Deployment instance = Deployment.of(
                known.shape(),
                known.publishedWeights(),
                GpuModels.byCanonicalName((String) o[0]).orElseThrow(),
                (Integer) o[1]);
        return InstanceThroughput.best(new ThroughputModel(), instance, concurrency, context)
                .map(t -> {
                    double seconds = 1 / t.decodeTokensPerSecond()
                            + ratio / t.prefillTokensPerSecond().getAsDouble();
                    return OptionalDouble.of((Double) o[2] / ((1 + ratio) / seconds * 3600) * 1e6);
                })
                .orElse(OptionalDouble.empty());
    }

    private static double cheapest(int concurrency, int context, double ratio) {
        return OFFERS.keySet().stream()
                .map(id -> usdPerMillion(id, concurrency, context, ratio))
                .filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble)
                .min()
                .orElse(Double.NaN);
    }

    /** Rows of the printed table (after the title, API and break-even lines and the header), split on spaces. */
    private static List<List<String>> tableRows(String out) {
        List<String> lines = out.lines().toList();
        return lines.subList(4, lines.size()).stream()
                .map(l -> List.of(l.trim().split("\\s+")))
                .toList();
    }

    @Test
    void cheapestOffersBesideTheApiAndTheBreakEven() {
        CliRun run = CliRun.of(ch(
                "economics",
                "selfhost",
                "--model",
                "openrouter/meta-llama/llama-3.1-8b-instruct",
                "--concurrency",
                "32",
                "--input-output-ratio",
                "1"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0))
                .startsWith("Self-hosting " + MODEL + " (asked as openrouter/meta-llama/llama-3.1-8b-instruct)")
                .contains("32 concurrent sequences of 4096 tokens");
        double api = (1 * API_INPUT + API_OUTPUT) / 2;
        assertThat(lines.get(1))
                .startsWith("Cheapest API: together (together|meta-llama-3.1-8b-instruct-turbo|) at 0.18 USD");
        Integer breakEven = null;
        for (int c : GRID) {
            if (cheapest(c, 4096, 1) < api) {
                breakEven = c;
                break;
            }
        }
        assertThat(breakEven)
                .as("the GPU offers beat the API somewhere above concurrency 1")
                .isNotNull()
                .isGreaterThan(1);
        assertThat(lines.get(2)).isEqualTo("Break-even concurrency: " + breakEven + " (below it the API is cheaper)");

        List<String> header = List.of(lines.get(3).trim().split("\\s+"));
        List<List<String>> rows = tableRows(run.out());
        List<String> fitting = OFFERS.keySet().stream()
                .filter(id -> usdPerMillion(id, 32, 4096, 1).isPresent())
                .sorted((a, b) -> Double.compare(
                        usdPerMillion(a, 32, 4096, 1).getAsDouble(),
                        usdPerMillion(b, 32, 4096, 1).getAsDouble()))
                .toList();
        assertThat(rows).hasSize(fitting.size());
        for (int i = 0; i < rows.size(); i++) {
            double expected = usdPerMillion(fitting.get(i), 32, 4096, 1).getAsDouble();
            assertThat(rows.get(i).get(header.indexOf("provider")))
                    .isEqualTo(fitting.get(i).split("-")[0]);
            assertThat(Double.parseDouble(rows.get(i).get(header.indexOf("usd_per_million_tokens"))))
                    .isCloseTo(expected, within(expected * 1e-5));
            assertThat(rows.get(i).get(header.indexOf("cheaper_than_api")))
                    .isIn(expected < api ? "1" : "0", String.valueOf(expected < api));
        }
    }

    @Test
    void aModelWithoutApiPricesAndALongContext() {
        CliRun run = CliRun.of(ch(
                "economics",
                "selfhost",
                "--model",
                "qwen2.5-7b-instruct",
                "--concurrency",
                "8",
                "--context",
                "32768",
                "--limit",
                "1"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Cheapest API: none").contains("Break-even concurrency: none (no API price");
        assertThat(tableRows(run.out())).hasSize(1);
    }

    @Test
    void aSpeedFloorNothingMeetsSaysSo() {
        CliRun run = CliRun.of(ch(
                "economics",
                "selfhost",
                "--model",
                MODEL,
                "--concurrency",
                "256",
                "--min-tokens-per-second-per-sequence",
                "100000",
                "--pricing-model",
                "on_demand"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("no live GPU offer can serve " + MODEL)
                .contains(
                        "Break-even concurrency: none (no GPU offer is cheaper than the API at any concurrency from 1 to 256)");
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun unknown = CliRun.of(ch("economics", "selfhost", "--model", "llama-3.1-8b", "--concurrency", "8"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown model 'llama-3.1-8b'").contains("llama3.1-8b");

        CliRun closed = CliRun.of(ch("economics", "selfhost", "--model", "gpt-4o", "--concurrency", "8"));
        assertThat(closed.exitCode()).isEqualTo(2);
        assertThat(closed.err()).contains("open-weight models only");

        CliRun offGrid = CliRun.of(ch("economics", "selfhost", "--model", MODEL, "--concurrency", "100"));
        assertThat(offGrid.exitCode()).isEqualTo(2);
        assertThat(offGrid.err()).contains("--concurrency must be one of 1, 2, 4, 8, 16, 32, 64, 128, 256");

        CliRun context =
                CliRun.of(ch("economics", "selfhost", "--model", MODEL, "--concurrency", "8", "--context", "5000"));
        assertThat(context.exitCode()).isEqualTo(2);
        assertThat(context.err()).contains("--context must be one of");

        CliRun ratio = CliRun.of(
                ch("economics", "selfhost", "--model", MODEL, "--concurrency", "8", "--input-output-ratio", "-1"));
        assertThat(ratio.exitCode()).isEqualTo(2);
        assertThat(ratio.err()).contains("--input-output-ratio must be a number >= 0");

        CliRun pricing = CliRun.of(
                ch("economics", "selfhost", "--model", MODEL, "--concurrency", "8", "--pricing-model", "cheap"));
        assertThat(pricing.exitCode()).isEqualTo(2);
        assertThat(pricing.err()).contains("--pricing-model must be one of").contains("SPOT");

        CliRun text = CliRun.of(ch("economics", "selfhost", "--model", MODEL, "--concurrency", "many"));
        assertThat(text.exitCode()).isEqualTo(2);

        CliRun missing = CliRun.of(ch("economics", "selfhost", "--concurrency", "8"));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--model");
    }
}
