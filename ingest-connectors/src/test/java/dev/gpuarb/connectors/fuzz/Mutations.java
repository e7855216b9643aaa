package dev.gpuarb.connectors.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of malformed documents made by mutating a real-looking one: truncation, wrong types,
 * missing and extra fields, huge, negative and NaN numbers, odd characters, random text and deep
 * nesting. Up to three mutations are stacked, so broken documents are broken in several ways at once.
 */
public final class Mutations {

    private static final Pattern JSON_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final Pattern JSON_STRING = Pattern.compile("\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"");
    private static final Pattern JSON_KEY = Pattern.compile("\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"\\s*+:");

    /** Values that are wrong for a JSON price field in some way: type, sign, size, NaN, encoding. */
    static final List<String> BAD_JSON_VALUES = List.of("-1", "-0.0", "0", "1e308", "1e999", "-1e999", "NaN",
            "Infinity", "\"NaN\"", "\"-5\"", "\"\"", "\"abc\"", "null", "true", "[]", "{}", "[1,2]", "{\"x\":1}",
            "99999999999999999999999999", "0x1F", "\"\\u0000\"", "\"\\ud800\"", "\"\u20ac\u00ff\"", "1.5e-400",
            "\"1e999\"", "\"Infinity\"", "\"-0.000001\"", "2147483648", "-9223372036854775809");

    /** Values that are wrong for a CSV or TSV field. */
    static final List<String> BAD_FIELD_VALUES = List.of("", "-1", "NaN", "Infinity", "-Infinity", "1e999", "abc",
            "\"", "\"unterminated", "0", "0.5", "1.5", "-0", "999999999999999999999", "\u0000", "\u00ff\u00fe",
            "2026-13-45T99:99:99Z", "yesterday", ",", "\t", "\r", "null", "H100\"x", "1,000.00", "$2.50");

    private Mutations() {
    }

    /** A JSON document mutated from {@code seed}. */
    public static Arbitrary<String> json(String seed) {
        return stacked(seed, jsonMutation());
    }

    /** A delimited text document mutated from {@code seed}. */
    public static Arbitrary<String> delimited(String seed, char separator) {
        return stacked(seed, delimitedMutation(separator));
    }

    private static Arbitrary<String> stacked(String seed, Arbitrary<UnaryOperator<String>> mutation) {
        Arbitrary<String> mutated = mutation.list().ofMinSize(1).ofMaxSize(3).map(ops -> {
            String doc = seed;
            for (UnaryOperator<String> op : ops) {
                doc = op.apply(doc);
            }
            return doc;
        });
        Arbitrary<String> randomText = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
                .map(b -> new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, mutated),
                net.jqwik.api.Tuple.of(1, randomText),
                net.jqwik.api.Tuple.of(1, randomBytes));
    }

    private static Arbitrary<UnaryOperator<String>> jsonMutation() {
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        return Arbitraries.oneOf(
                truncation(where),
                Combinators.combine(where, Arbitraries.of(BAD_JSON_VALUES))
                        .as((w, v) -> replaceMatch(JSON_NUMBER, w, v)),
                Combinators.combine(where, Arbitraries.of(BAD_JSON_VALUES))
                        .as((w, v) -> replaceMatch(JSON_STRING, w, v)),
                Combinators.combine(where, Arbitraries.strings().alpha().ofMaxLength(12))
                        .as((w, name) -> replaceMatch(JSON_KEY, w, "\"" + name + "\":")),
                Combinators.combine(where, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                        Arbitraries.of(BAD_JSON_VALUES))
                        .as((w, name, v) -> insertAfterBrace(w, "\"" + name + "\": " + v + ",")),
                Combinators.combine(where, Arbitraries.integers().between(1, 200)).as(Mutations::deletion),
                Combinators.combine(where, Arbitraries.strings().all().ofMaxLength(20)).as(Mutations::insertion),
                Arbitraries.integers().between(1, 5_000).map(Mutations::nesting),
                Arbitraries.of("[]", "null", "42", "\"text\"", "true", "", " ", "{}", "[{}]", "{\"data\": 5}",
                        "{\"Items\": {}}", "{\"data\": [null, 1, \"x\", []]}").map(doc -> (UnaryOperator<String>) s -> doc));
    }

    private static Arbitrary<UnaryOperator<String>> delimitedMutation(char separator) {
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        return Arbitraries.oneOf(
                truncation(where),
                Combinators.combine(where, where, Arbitraries.of(BAD_FIELD_VALUES))
                        .as((line, field, v) -> replaceField(separator, line, field, v)),
                Combinators.combine(where, where).as((line, field) -> dropField(separator, line, field)),
                Combinators.combine(where, Arbitraries.of(BAD_FIELD_VALUES))
                        .as((line, v) -> appendField(separator, line, v)),
                Combinators.combine(where, Arbitraries.integers().between(1, 200)).as(Mutations::deletion),
                Combinators.combine(where, Arbitraries.strings().all().ofMaxLength(20)).as(Mutations::insertion),
                Combinators.combine(where, Arbitraries.integers().between(1, 2_000))
                        .as((w, n) -> insertion(w, "\"" + "x".repeat(n))),
                Arbitraries.of("", "\n", "\n\n\n", "header-only\n", String.valueOf(separator).repeat(50))
                        .map(doc -> (UnaryOperator<String>) s -> doc));
    }

    private static Arbitrary<UnaryOperator<String>> truncation(Arbitrary<Double> where) {
        return where.map(w -> s -> s.substring(0, at(s, w)));
    }

    private static int at(String s, double where) {
        return Math.min(s.length(), (int) (where * s.length()));
    }

    private static UnaryOperator<String> replaceMatch(Pattern pattern, double where, String value) {
        return s -> {
            List<int[]> spans = new ArrayList<>();
            Matcher m = pattern.matcher(s);
            while (m.find()) {
                spans.add(new int[] {m.start(), m.end()});
            }
            if (spans.isEmpty()) {
                return s;
            }
            int[] span = spans.get(Math.min(spans.size() - 1, (int) (where * spans.size())));
            return s.substring(0, span[0]) + value + s.substring(span[1]);
        };
    }

    private static UnaryOperator<String> insertAfterBrace(double where, String member) {
        return s -> {
            int from = at(s, where);
            int brace = s.indexOf('{', from);
            if (brace < 0) {
                brace = s.indexOf('{');
            }
            return brace < 0 ? s : s.substring(0, brace + 1) + member + s.substring(brace + 1);
        };
    }

    private static UnaryOperator<String> deletion(double where, int length) {
        return s -> {
            int from = at(s, where);
            return s.substring(0, from) + s.substring(Math.min(s.length(), from + length));
        };
    }

    private static UnaryOperator<String> insertion(double where, String junk) {
        return s -> {
            int from = at(s, where);
            return s.substring(0, from) + junk + s.substring(from);
        };
    }

    private static UnaryOperator<String> nesting(int depth) {
        return s -> "{\"a\":[".repeat(depth) + s + "]}".repeat(depth);
    }

    private static UnaryOperator<String> replaceField(char sep, double line, double field, String value) {
        return onLine(line, sep, (fields) -> {
            if (!fields.isEmpty()) {
                fields.set(Math.min(fields.size() - 1, (int) (field * fields.size())), value);
            }
        });
    }

    private static UnaryOperator<String> dropField(char sep, double line, double field) {
        return onLine(line, sep, (fields) -> {
            if (!fields.isEmpty()) {
                fields.remove(Math.min(fields.size() - 1, (int) (field * fields.size())));
            }
        });
    }

    private static UnaryOperator<String> appendField(char sep, double line, String value) {
        return onLine(line, sep, fields -> fields.add(value));
    }

    private static UnaryOperator<String> onLine(double line, char sep, java.util.function.Consumer<List<String>> edit) {
        return s -> {
            List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
            int i = Math.min(lines.size() - 1, (int) (line * lines.size()));
            List<String> fields = new ArrayList<>(List.of(lines.get(i).split(Pattern.quote(String.valueOf(sep)), -1)));
            edit.accept(fields);
            lines.set(i, String.join(String.valueOf(sep), fields));
            return String.join("\n", lines);
        };
    }
}
