package dev.gpuarb.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.gpuarb.avro.RoutePolicy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Route policies as people write them (JSON and YAML), mutated into malformed ones: the parser
 * must either return a policy or list problems, never throw anything else.
 */
class PolicyParserFuzzTest {

    /** Policies checked, at least. QuickTheories skips an input it has already tried, so it is asked for a few more. */
    private static final int EXAMPLES = 1000;

    private static final int ASKED = EXAMPLES + EXAMPLES / 50;
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    static final String JSON = """
            {"routeId": "train-eu", "kind": "GPU_HOURS", "gpuModel": "H100-80GB", "minGpuCount": 8,
             "pricingModels": ["spot", "ON_DEMAND"], "maxP99LatencyMs": 250, "requiredTags": ["eu-residency"],
             "allowedRegions": ["europe-west4", "eu-central-1"], "excludedProviders": ["vast"],
             "maxPrice": 3.5, "hysteresisPct": 5, "minDwellMs": 600000}""";

    static final String YAML = """
            routeId: chat-cheap
            kind: tokens
            model: llama-3.1-70b-instruct
            inputOutputRatio: 4
            maxP99LatencyMs: 900
            allowedProviders: [together_ai, fireworks_ai]
            requiredTags:
              - soc2
              - eu-residency
            minDwellMs: 60000
            """;

    private static final List<String> BAD_VALUES = List.of(
            "-1",
            "0",
            "1e308",
            "1e999",
            "-1e999",
            ".nan",
            "NaN",
            ".inf",
            "-.inf",
            "Infinity",
            "null",
            "~",
            "true",
            "[]",
            "{}",
            "[1, [2, [3]]]",
            "{x: 1}",
            "\"\"",
            "''",
            "99999999999999999999999999",
            "-9223372036854775809",
            "0x1F",
            "0o17",
            "1_000",
            "\"\\u0000\"",
            "!!binary aGVsbG8=",
            "!!java.lang.Runtime {}",
            "&a [*a]",
            "*undefined",
            "2026-11-23",
            "12:30:00",
            "|\n  block\n",
            ">-\n  folded",
            "'quoted ''twice'''",
            "\"\\ud800\"",
            "\u20ac\u00ff",
            "H100-80GB\u0000");

    private static final List<Character> LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
            .chars()
            .mapToObj(c -> (char) c)
            .toList();

    private static Gen<String> policies() {
        Gen<Double> where = doubles().between(0, 1);
        Gen<UnaryOperator<String>> mutation = oneOf(List.of(
                where.map(w -> s -> s.substring(0, at(s, w))),
                where.zip(Generate.pick(BAD_VALUES), PolicyParserFuzzTest::replaceValue),
                where.zip(letters(12), PolicyParserFuzzTest::renameKey),
                where.zip(anyText(20), (w, junk) -> s -> s.substring(0, at(s, w)) + junk + s.substring(at(s, w))),
                where.zip(
                        Generate.range(1, 200),
                        (w, n) -> s -> s.substring(0, at(s, w)) + s.substring(Math.min(s.length(), at(s, w) + n))),
                Generate.range(1, 3_000).map(n -> s -> "[".repeat(n) + s + "]".repeat(n)),
                Generate.range(1, 3_000).map(n -> s -> "{\"a\":".repeat(n) + s + "}".repeat(n)),
                Generate.range(1, 500).map(n -> s -> "a: " + "- ".repeat(n) + "x\n" + s),
                Generate.pick(List.of(
                                "a: &a [*a, *a]\n",
                                "x: !!set {a, b}\n",
                                "--- \n...\n---\n",
                                "%YAML 9.9\n---\n",
                                "? [complex, key]\n: value\n",
                                "routeId: a\nrouteId: b\n",
                                "\t\tbad: indentation\n"))
                        .map(prefix -> s -> prefix + s)));
        Gen<String> mutated = Generate.pick(List.of(JSON, YAML))
                .zip(lists().of(mutation).ofSizeBetween(1, 3), (seed, ops) -> {
                    String doc = seed;
                    for (UnaryOperator<String> op : ops) {
                        doc = op.apply(doc);
                    }
                    return doc;
                });
        Gen<String> anyBytes = Generate.byteArrays(
                        Generate.range(0, 300), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
                .map(b -> new String(b, StandardCharsets.ISO_8859_1));
        return Generate.frequency(List.of(Pair.of(8, mutated), Pair.of(1, anyText(300)), Pair.of(1, anyBytes)));
    }

    /** One of the given mutations, each as likely as the others. */
    private static Gen<UnaryOperator<String>> oneOf(List<Gen<UnaryOperator<String>>> mutations) {
        return Generate.frequency(mutations.stream().map(m -> Pair.of(1, m)).toList());
    }

    /** Text of any code points, lone surrogates included. */
    private static Gen<String> anyText(int maxLength) {
        return strings().allPossible().ofLengthBetween(0, maxLength);
    }

    /** Letters only, as a plausible but unknown key. */
    private static Gen<String> letters(int maxLength) {
        return lists().of(Generate.pick(LETTERS))
                .ofSizeBetween(0, maxLength)
                .map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    private static int at(String s, double where) {
        return Math.min(s.length(), (int) (where * s.length()));
    }

    /** Replaces the value after the n-th ':' (a field value in both JSON and YAML). */
    private static UnaryOperator<String> replaceValue(double where, String value) {
        return s -> {
            int colon = s.indexOf(':', at(s, where));
            if (colon < 0) {
                colon = s.indexOf(':');
            }
            if (colon < 0) {
                return s;
            }
            int end = colon + 1;
            while (end < s.length() && ",\n}".indexOf(s.charAt(end)) < 0) {
                end++;
            }
            return s.substring(0, colon + 1) + " " + value + s.substring(end);
        };
    }

    /** Renames the key before the next ':' (a missing field plus an unknown one). */
    private static UnaryOperator<String> renameKey(double where, String name) {
        return s -> {
            int colon = s.indexOf(':', at(s, where));
            if (colon < 0) {
                return s;
            }
            int start = colon;
            while (start > 0 && "{,\n ".indexOf(s.charAt(start - 1)) < 0) {
                start--;
            }
            return s.substring(0, start) + "\"" + name + "\"" + s.substring(colon);
        };
    }

    /**
     * QuickTheories reports the smallest failing policy and the seed; {@code -DQT_SEED=<seed>} on the
     * Maven command line generates the same policies again.
     */
    @Test
    void malformedPoliciesYieldAProblemListNeverAnException() {
        AtomicInteger checked = new AtomicInteger();
        qt().withExamples(ASKED).forAll(policies()).checkAssert(text -> {
            checked.incrementAndGet();
            RoutePolicy policy = null;
            List<String> problems = List.of();
            try {
                policy = PolicyParser.parse(text, NOW);
            } catch (PolicyParser.PolicyException e) {
                problems = e.problems();
            }
            if (policy == null) {
                assertThat(problems)
                        .as("problems for a refused policy")
                        .isNotEmpty()
                        .allSatisfy(p -> assertThat(p).isNotBlank().hasSizeLessThan(2_000));
            } else {
                assertThat(policy.getRouteId())
                        .as("routeId of an accepted policy")
                        .isNotBlank();
            }
            if (!text.contains("routeId")) {
                assertThat(policy).as("a policy without routeId is accepted").isNull();
            }
        });
        assertThat(checked.get()).as("policies checked").isGreaterThanOrEqualTo(EXAMPLES);
    }
}
