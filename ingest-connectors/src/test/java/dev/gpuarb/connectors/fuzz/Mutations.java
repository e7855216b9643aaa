package dev.gpuarb.connectors.fuzz;

import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

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
    static final List<String> BAD_JSON_VALUES = List.of(
            "-1",
            "-0.0",
            "0",
            "1e308",
            "1e999",
            "-1e999",
            "NaN",
            "Infinity",
            "\"NaN\"",
            "\"-5\"",
            "\"\"",
            "\"abc\"",
            "null",
            "true",
            "[]",
            "{}",
            "[1,2]",
            "{\"x\":1}",
            "99999999999999999999999999",
            "0x1F",
            "\"\\u0000\"",
            "\"\\ud800\"",
            "\"\u20ac\u00ff\"",
            "1.5e-400",
            "\"1e999\"",
            "\"Infinity\"",
            "\"-0.000001\"",
            "2147483648",
            "-9223372036854775809");

    /** Values that are wrong for a CSV or TSV field. */
    static final List<String> BAD_FIELD_VALUES = List.of(
            "",
            "-1",
            "NaN",
            "Infinity",
            "-Infinity",
            "1e999",
            "abc",
            "\"",
            "\"unterminated",
            "0",
            "0.5",
            "1.5",
            "-0",
            "999999999999999999999",
            "\u0000",
            "\u00ff\u00fe",
            "2026-13-45T99:99:99Z",
            "yesterday",
            ",",
            "\t",
            "\r",
            "null",
            "H100\"x",
            "1,000.00",
            "$2.50");

    private static final List<Character> LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
            .chars()
            .mapToObj(c -> (char) c)
            .toList();

    private Mutations() {}

    /** A JSON document mutated from {@code seed}. */
    public static Gen<String> json(String seed) {
        return stacked(seed, jsonMutation());
    }

    /** A delimited text document mutated from {@code seed}. */
    public static Gen<String> delimited(String seed, char separator) {
        return stacked(seed, delimitedMutation(separator));
    }

    /** Text of any code points, lone surrogates included. */
    private static Gen<String> anyText(int maxLength) {
        return strings().allPossible().ofLengthBetween(0, maxLength);
    }

    /** Letters only, as a plausible but unknown field name. */
    private static Gen<String> letters(int minLength, int maxLength) {
        return lists().of(Generate.pick(LETTERS))
                .ofSizeBetween(minLength, maxLength)
                .map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    /** Any bytes, read as ISO-8859-1 so that every byte becomes one character. */
    private static Gen<String> anyBytesAsText(int maxLength) {
        return Generate.byteArrays(
                        Generate.range(0, maxLength), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
                .map(b -> new String(b, StandardCharsets.ISO_8859_1));
    }

    /** A position in a document, as a fraction of its length. */
    static Gen<Double> where() {
        return doubles().between(0, 1);
    }

    private static Gen<String> stacked(String seed, Gen<UnaryOperator<String>> mutation) {
        Gen<String> mutated = lists().of(mutation).ofSizeBetween(1, 3).map(ops -> {
            String doc = seed;
            for (UnaryOperator<String> op : ops) {
                doc = op.apply(doc);
            }
            return doc;
        });
        return Generate.frequency(
                List.of(Pair.of(8, mutated), Pair.of(1, anyText(300)), Pair.of(1, anyBytesAsText(300))));
    }

    private static Gen<UnaryOperator<String>> jsonMutation() {
        return oneOf(List.of(
                truncation(),
                where().zip(Generate.pick(BAD_JSON_VALUES), (w, v) -> replaceMatch(JSON_NUMBER, w, v)),
                where().zip(Generate.pick(BAD_JSON_VALUES), (w, v) -> replaceMatch(JSON_STRING, w, v)),
                where().zip(letters(0, 12), (w, name) -> replaceMatch(JSON_KEY, w, "\"" + name + "\":")),
                where().zip(
                                letters(1, 8),
                                Generate.pick(BAD_JSON_VALUES),
                                (w, name, v) -> insertAfterBrace(w, "\"" + name + "\": " + v + ",")),
                where().zip(Generate.range(1, 200), Mutations::deletion),
                where().zip(anyText(20), Mutations::insertion),
                Generate.range(1, 5_000).map(Mutations::nesting),
                Generate.pick(List.of(
                                "[]",
                                "null",
                                "42",
                                "\"text\"",
                                "true",
                                "",
                                " ",
                                "{}",
                                "[{}]",
                                "{\"data\": 5}",
                                "{\"Items\": {}}",
                                "{\"data\": [null, 1, \"x\", []]}"))
                        .map(Mutations::replacedBy)));
    }

    private static Gen<UnaryOperator<String>> delimitedMutation(char separator) {
        return oneOf(List.of(
                truncation(),
                where().zip(
                                where(),
                                Generate.pick(BAD_FIELD_VALUES),
                                (line, field, v) -> replaceField(separator, line, field, v)),
                where().zip(where(), (line, field) -> dropField(separator, line, field)),
                where().zip(Generate.pick(BAD_FIELD_VALUES), (line, v) -> appendField(separator, line, v)),
                where().zip(Generate.range(1, 200), Mutations::deletion),
                where().zip(anyText(20), Mutations::insertion),
                where().zip(Generate.range(1, 2_000), (w, n) -> insertion(w, "\"" + "x".repeat(n))),
                Generate.pick(List.of(
                                "",
                                "\n",
                                "\n\n\n",
                                "header-only\n",
                                String.valueOf(separator).repeat(50)))
                        .map(Mutations::replacedBy)));
    }

    /** One of the given mutations, each as likely as the others. */
    private static Gen<UnaryOperator<String>> oneOf(List<Gen<UnaryOperator<String>>> mutations) {
        return Generate.frequency(mutations.stream().map(m -> Pair.of(1, m)).toList());
    }

    private static UnaryOperator<String> replacedBy(String doc) {
        return s -> doc;
    }

    private static Gen<UnaryOperator<String>> truncation() {
        return where().map(w -> s -> s.substring(0, at(s, w)));
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
