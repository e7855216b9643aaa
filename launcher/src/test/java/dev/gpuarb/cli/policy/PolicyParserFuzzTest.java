package dev.gpuarb.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.RoutePolicy;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Route policies as people write them (JSON and YAML), mutated into malformed ones: the parser
 * must either return a policy or list problems, never throw anything else.
 */
class PolicyParserFuzzTest {

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

    private static final List<String> BAD_VALUES = List.of("-1", "0", "1e308", "1e999", "-1e999", ".nan", "NaN",
            ".inf", "-.inf", "Infinity", "null", "~", "true", "[]", "{}", "[1, [2, [3]]]", "{x: 1}", "\"\"", "''",
            "99999999999999999999999999", "-9223372036854775809", "0x1F", "0o17", "1_000", "\"\\u0000\"",
            "!!binary aGVsbG8=", "!!java.lang.Runtime {}", "&a [*a]", "*undefined", "2026-11-23", "12:30:00",
            "|\n  block\n", ">-\n  folded", "'quoted ''twice'''", "\"\\ud800\"", "\u20ac\u00ff", "H100-80GB\u0000");

    @Provide
    Arbitrary<String> policies() {
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        Arbitrary<UnaryOperator<String>> mutation = Arbitraries.oneOf(
                where.map(w -> s -> s.substring(0, at(s, w))),
                Combinators.combine(where, Arbitraries.of(BAD_VALUES)).as(PolicyParserFuzzTest::replaceValue),
                Combinators.combine(where, Arbitraries.strings().alpha().ofMaxLength(12))
                        .as(PolicyParserFuzzTest::renameKey),
                Combinators.combine(where, Arbitraries.strings().all().ofMaxLength(20))
                        .as((w, junk) -> s -> s.substring(0, at(s, w)) + junk + s.substring(at(s, w))),
                Combinators.combine(where, Arbitraries.integers().between(1, 200))
                        .as((w, n) -> s -> s.substring(0, at(s, w)) + s.substring(Math.min(s.length(), at(s, w) + n))),
                Arbitraries.integers().between(1, 3_000).map(n -> s -> "[".repeat(n) + s + "]".repeat(n)),
                Arbitraries.integers().between(1, 3_000).map(n -> s -> "{\"a\":".repeat(n) + s + "}".repeat(n)),
                Arbitraries.integers().between(1, 500).map(n -> s -> "a: " + "- ".repeat(n) + "x\n" + s),
                Arbitraries.of("a: &a [*a, *a]\n", "x: !!set {a, b}\n", "--- \n...\n---\n", "%YAML 9.9\n---\n",
                        "? [complex, key]\n: value\n", "routeId: a\nrouteId: b\n", "\t\tbad: indentation\n")
                        .map(prefix -> s -> prefix + s));
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.of(JSON, YAML), mutation.list().ofMinSize(1)
                .ofMaxSize(3)).as((seed, ops) -> {
                    String doc = seed;
                    for (UnaryOperator<String> op : ops) {
                        doc = op.apply(doc);
                    }
                    return doc;
                });
        return Arbitraries.frequencyOf(Tuple.of(8, mutated), Tuple.of(1, Arbitraries.strings().all().ofMaxLength(300)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
                        .map(b -> new String(b, java.nio.charset.StandardCharsets.ISO_8859_1))));
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

    @Property(tries = 1000)
    void malformedPoliciesYieldAProblemListNeverAnException(@ForAll("policies") String text) {
        RoutePolicy policy = null;
        List<String> problems = List.of();
        try {
            policy = PolicyParser.parse(text, NOW);
        } catch (PolicyParser.PolicyException e) {
            problems = e.problems();
        }
        if (policy == null) {
            assertThat(problems).as("problems for a refused policy").isNotEmpty()
                    .allSatisfy(p -> assertThat(p).isNotBlank().hasSizeLessThan(2_000));
        } else {
            assertThat(policy.getRouteId()).as("routeId of an accepted policy").isNotBlank();
        }
        if (!text.contains("routeId")) {
            assertThat(policy).as("a policy without routeId is accepted").isNull();
        }
    }
}
