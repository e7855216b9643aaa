package dev.gpuarb.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Command-line options of the benchmark. Sizes default to a full run (each application drains the throughput
 * input in about 10–30 s on two cores shared with other builds); {@code --quick} picks smoke sizes.
 */
public record Options(
        boolean quick,
        int repetitions,
        long priceTicks,
        long observations,
        List<Integer> freshnessRates,
        int freshnessWindowSeconds,
        long sinkRows,
        List<Long> costTiers,
        int tierBudgetSeconds,
        Set<String> parts,
        Path outputDir) {

    public static final List<String> PARTS = List.of("throughput", "freshness", "sink", "cost", "micro");

    public static Options parse(String... args) {
        boolean quick = Arrays.asList(args).contains("--quick");
        int reps = 3;
        // Enough for each application to drain at its warm rate for several seconds: a 10,000-record input
        // is over before the JIT has compiled the hot path, which is not how a long-running service reads.
        long prices = quick ? 5_000 : 100_000;
        long obs = quick ? 5_000 : 100_000;
        List<Integer> rates = List.of(1_000, 10_000);
        int window = quick ? 2 : 5;
        long sinkRows = quick ? 20_000 : 100_000;
        List<Long> tiers = quick ? List.of(500L, 2_000L) : List.of(1_000L, 3_000L, 10_000L, 100_000L, 1_000_000L);
        int budget = quick ? 60 : 240;
        Set<String> parts = new LinkedHashSet<>(PARTS);
        Path out = Path.of("benchmarks");
        for (String a : args) {
            if (a.equals("--quick")) {
                continue;
            }
            String[] kv = a.split("=", 2);
            if (kv.length != 2 || !kv[0].startsWith("--")) {
                throw new IllegalArgumentException("unknown argument " + a + "; see benchmarks/run --help");
            }
            String v = kv[1];
            switch (kv[0]) {
                case "--repetitions" -> reps = Integer.parseInt(v);
                case "--prices" -> prices = Long.parseLong(v);
                case "--observations" -> obs = Long.parseLong(v);
                case "--rates" ->
                    rates = Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
                case "--window-seconds" -> window = Integer.parseInt(v);
                case "--sink-rows" -> sinkRows = Long.parseLong(v);
                case "--offers" ->
                    tiers = Arrays.stream(v.split(",")).map(Long::parseLong).toList();
                case "--tier-budget-seconds" -> budget = Integer.parseInt(v);
                case "--only" -> parts = new LinkedHashSet<>(Arrays.asList(v.split(",")));
                case "--output" -> out = Path.of(v);
                default ->
                    throw new IllegalArgumentException("unknown option " + kv[0] + "; see benchmarks/run --help");
            }
        }
        if (!PARTS.containsAll(parts)) {
            throw new IllegalArgumentException("--only takes some of " + PARTS + ", not " + parts);
        }
        if (reps < 1) {
            throw new IllegalArgumentException("--repetitions must be >= 1");
        }
        return new Options(quick, reps, prices, obs, rates, window, sinkRows, tiers, budget, parts, out);
    }

    public static String usage() {
        return """
                benchmarks/run [--quick] [--only=throughput,freshness,sink,cost,micro] [--repetitions=3]
                               [--prices=100000] [--observations=100000] [--rates=1000,10000] [--window-seconds=5]
                               [--sink-rows=100000] [--offers=1000,3000,10000,100000,1000000]
                               [--tier-budget-seconds=240] [--output=benchmarks]
                """;
    }
}
