package dev.gpuarb.cli.economics;

import static dev.gpuarb.cli.economics.SqlLiterals.number;
import static dev.gpuarb.cli.economics.SqlLiterals.string;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.sink.clickhouse.selfhost.ThroughputGrid;
import dev.gpuarb.throughput.KnownModel;
import dev.gpuarb.throughput.KnownModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gpuarb economics selfhost}: the cheapest GPU offers for serving an open-weight model, in USD per
 * million tokens, beside the cheapest API for the same model and the concurrency at which renting GPUs
 * starts to pay.
 */
@Command(
        name = "selfhost",
        mixinStandardHelpOptions = true,
        description = {
            "Self-hosting against the API: the cheapest live GPU offers that can serve --model with "
                    + "--concurrency sequences at once, in USD per million tokens (input and output together), beside "
                    + "the cheapest API offer of the same model (views econ_selfhost, econ_selfhost_breakeven).",
            "Break-even concurrency: the smallest concurrency at which the cheapest GPU offer is cheaper than "
                    + "the API; below it the API is cheaper. Tokens/s come from the throughput model at the grid "
                    + "points of table gpu_throughput."
        })
final class SelfHostCommand extends EconomicsQuery {

    @Option(
            names = "--model",
            required = true,
            paramLabel = "NAME",
            description = "Model, by its id or any provider's name for it, e.g. llama-3.1-70b-instruct or "
                    + "openrouter/meta-llama/llama-3.1-70b-instruct.")
    String model;

    @Option(
            names = "--concurrency",
            required = true,
            paramLabel = "N",
            description = "Sequences served at once by one instance: 1, 2, 4, ... 256.")
    int concurrency;

    @Option(
            names = "--context",
            defaultValue = "" + ThroughputGrid.DEFAULT_CONTEXT_TOKENS,
            paramLabel = "TOKENS",
            description = "Tokens each sequence holds (prompt plus output so far): 1024, 2048, 4096, 8192, 16384 or "
                    + "32768 (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(
            names = "--input-output-ratio",
            defaultValue = "3",
            paramLabel = "R",
            description = "Input (prompt) tokens per output token, for the blended price (default: ${DEFAULT-VALUE}).")
    double inputOutputRatio;

    @Option(
            names = "--min-tokens-per-second-per-sequence",
            defaultValue = "0",
            paramLabel = "S",
            description = "Leave out instances that give a sequence fewer output tokens/s (default: ${DEFAULT-VALUE}, "
                    + "no limit).")
    double minPerSequence;

    @Option(
            names = "--pricing-model",
            paramLabel = "MODEL",
            description =
                    "Only GPU offers of this pricing model: ON_DEMAND, SPOT, RESERVED or MARKETPLACE (default: all).")
    String pricingModel;

    @Option(names = "--limit", defaultValue = "10", description = "GPU offers to list (default: ${DEFAULT-VALUE}).")
    int limit;

    private KnownModel known;

    @Override
    String sql() {
        known = KnownModels.byName(model).orElseThrow(() -> invalid(unknownModel()));
        requireOnGrid("--concurrency", concurrency, ThroughputGrid.CONCURRENCY);
        requireOnGrid("--context", context, ThroughputGrid.CONTEXT_TOKENS);
        requireNonNegative(this, "--input-output-ratio", inputOutputRatio);
        requireNonNegative(this, "--min-tokens-per-second-per-sequence", minPerSequence);
        if (limit < 1) {
            throw invalid("--limit must be at least 1, got " + limit);
        }
        return "SELECT provider, region, gpu_model, gpus, pricing_model, usd_per_hour, tensor_parallel, copies,"
                + " tokens_per_s, per_sequence_tokens_per_s, usd_per_million_tokens, cheaper_than_api\n"
                + "FROM econ_selfhost(" + parameters(true) + ")\n"
                + "ORDER BY usd_per_million_tokens, offer_id\nLIMIT " + limit;
    }

    /** The cheapest API and the break-even, from the same parameters at the asked concurrency. */
    String summarySql() {
        return "SELECT api_provider, api_offer_id, api_usd_per_million_input, api_usd_per_million_output,"
                + " api_usd_per_million_tokens, break_even_concurrency\n"
                + "FROM econ_selfhost_breakeven(" + parameters(false) + ")\n"
                + "WHERE concurrency = " + concurrency;
    }

    private String parameters(boolean withConcurrency) {
        return "model = " + string(known.id())
                + (withConcurrency ? ", concurrency = " + concurrency : "")
                + ", context_tokens = " + context
                + ", input_output_ratio = " + number(inputOutputRatio)
                + ", min_tokens_per_second_per_sequence = " + number(minPerSequence)
                + ", pricing_model = " + string(pricingModel());
    }

    private String pricingModel() {
        if (pricingModel == null || pricingModel.isBlank()) {
            return "";
        }
        String upper = pricingModel.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        if (Arrays.stream(PricingModel.values()).noneMatch(p -> p.name().equals(upper))) {
            throw invalid("--pricing-model must be one of "
                    + Arrays.stream(PricingModel.values()).map(Enum::name).collect(Collectors.joining(", ")) + ", got "
                    + pricingModel);
        }
        return upper;
    }

    private void requireOnGrid(String option, int value, List<Integer> grid) {
        if (!grid.contains(value)) {
            throw invalid(option + " must be one of "
                    + grid.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + " (the points the throughput table holds), got " + value);
        }
    }

    private String unknownModel() {
        List<String> names = new ArrayList<>();
        for (KnownModel m : KnownModels.all()) {
            names.add(m.id());
            names.addAll(m.names());
        }
        return "unknown model '" + model + "': the throughput model knows the shapes of open-weight models only; "
                + "closest names: " + String.join(", ", CloseNames.closest(model, names, 5));
    }

    @Override
    void report(ClickHouseHttp client, String sql)
            throws ClickHouseHttp.UnreachableException, ClickHouseHttp.QueryException, InterruptedException {
        Table summary = client.query(summarySql());
        Table offers = client.query(sql);
        System.out.println(title());
        if (summary.rows().isEmpty()) {
            System.out.println("No throughput figures in ClickHouse: the sink's migrations fill table gpu_throughput.");
        } else {
            System.out.println(apiLine(summary));
            System.out.println(breakEvenLine(summary));
        }
        offers.print(System.out, emptyMessage());
    }

    private static String apiLine(Table summary) {
        if (summary.cell(0, "api_offer_id").isEmpty()) {
            return "Cheapest API: none (no live, paid API price names this model)";
        }
        return "Cheapest API: " + Table.display(summary.cell(0, "api_provider")) + " ("
                + Table.display(summary.cell(0, "api_offer_id")) + ") at "
                + Table.display(summary.cell(0, "api_usd_per_million_tokens")) + " USD per 1M tokens (input "
                + Table.display(summary.cell(0, "api_usd_per_million_input")) + ", output "
                + Table.display(summary.cell(0, "api_usd_per_million_output")) + ")";
    }

    private static String breakEvenLine(Table summary) {
        String breakEven = summary.cell(0, "break_even_concurrency");
        if (summary.cell(0, "api_offer_id").isEmpty()) {
            return "Break-even concurrency: none (no API price to compare with)";
        }
        if (breakEven.isEmpty()) {
            List<Integer> grid = ThroughputGrid.CONCURRENCY;
            return "Break-even concurrency: none (no GPU offer is cheaper than the API at any concurrency from "
                    + grid.get(0) + " to " + grid.get(grid.size() - 1) + ")";
        }
        return "Break-even concurrency: " + breakEven + " (below it the API is cheaper)";
    }

    @Override
    String title() {
        return "Self-hosting " + known.id()
                + (known.id().equalsIgnoreCase(model.strip()) ? "" : " (asked as " + model.strip() + ")") + ": "
                + concurrency + " concurrent sequences of " + context + " tokens, "
                + Table.display(number(inputOutputRatio))
                + " input tokens per output token; USD per 1M tokens, input and output together";
    }

    @Override
    String emptyMessage() {
        return "no live GPU offer can serve " + known.id() + " at this concurrency and context"
                + (minPerSequence > 0 ? " and speed per sequence" : "")
                + " (a GPU needs datasheet figures and enough memory)";
    }
}
