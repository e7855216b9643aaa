package dev.gpuarb.sink.clickhouse.grafana;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Expands a panel's SQL as Grafana and the ClickHouse datasource plugin do: dashboard variables
 * first (Grafana's frontend, its formatters reproduced character for character), then the plugin's
 * macros (its backend), with the same expansions the
 * plugin emits ({@code toDateTime(seconds)}, {@code fromUnixTimestamp64Milli(ms)},
 * {@code toStartOfInterval(toDateTime(col), INTERVAL n second)}, ...).
 */
public final class GrafanaMacros {

    private static final Pattern FORMATTED_VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::(\\w+))?}");
    private static final Pattern MACRO = Pattern.compile("\\$__(\\w+)");

    private final Instant from;
    private final Instant to;
    private final Duration interval;

    GrafanaMacros(Instant from, Instant to, Duration interval) {
        this.from = from;
        this.to = to;
        this.interval = interval;
    }

    String expand(String sql, Map<String, Value> variables) {
        return macros(variables(sql, variables));
    }

    /**
     * A dashboard variable's current value: one text (textbox, constant, single-value variables) or a
     * list (multi-value variables; "All" is the list of every option).
     */
    public record Value(List<String> values, boolean multi) {
        public static Value single(String value) {
            return new Value(List.of(value), false);
        }

        public static Value multi(List<String> values) {
            return new Value(List.copyOf(values), true);
        }
    }

    /**
     * Interpolates {@code ${name}} and {@code ${name:format}} exactly as Grafana's formatters do
     * (grafana/scenes {@code formatRegistry}), and an unformatted variable as the ClickHouse plugin's
     * own formatter does (a list joined as {@code 'a','b'} with nothing escaped, a single value as it is).
     */
    public static String variables(String sql, Map<String, Value> variables) {
        Matcher m = FORMATTED_VARIABLE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Value value = variables.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("unknown dashboard variable " + m.group());
            }
            List<String> values = value.values();
            String replacement = m.group(2) == null
                    ? pluginDefault(value)
                    : switch (m.group(2)) {
                        // Grafana escapes a quote with a backslash and leaves backslashes as they are.
                        case "singlequote" ->
                            values.stream()
                                    .map(v -> "'" + v.replace("'", "\\'") + "'")
                                    .collect(Collectors.joining(","));
                        // Doubles a quote, escapes a double quote with a backslash, leaves backslashes as they are.
                        case "sqlstring" ->
                            values.stream()
                                    .map(v -> "'" + v.replace("'", "''").replace("\"", "\\\"") + "'")
                                    .collect(Collectors.joining(","));
                        case "percentencode" ->
                            percentEncodeStrict(value.multi() ? "{" + String.join(",", values) + "}" : values.get(0));
                        case "csv", "raw" -> String.join(",", values);
                        default -> throw new IllegalArgumentException("variable format not handled: " + m.group(2));
                    };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String pluginDefault(Value value) {
        return value.multi()
                ? "'" + String.join("','", value.values()) + "'"
                : value.values().get(0);
    }

    /**
     * JavaScript's encodeURIComponent with {@code ! ' ( ) *} escaped too (Grafana's "strict" form): every
     * byte of the UTF-8 form but {@code A-Z a-z 0-9 - _ . ~} becomes {@code %XX}.
     */
    static String percentEncodeStrict(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    String macros(String sql) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        Matcher m = MACRO.matcher(sql);
        while (m.find(pos)) {
            out.append(sql, pos, m.start());
            String name = m.group(1);
            int end = m.end();
            List<String> args = List.of();
            if (end < sql.length() && sql.charAt(end) == '(') {
                int close = matchingParen(sql, end);
                args = splitArgs(sql.substring(end + 1, close));
                end = close + 1;
            }
            out.append(expandMacro(name, args));
            pos = end;
        }
        out.append(sql.substring(pos));
        return out.toString();
    }

    private String expandMacro(String name, List<String> args) {
        long fromS = from.getEpochSecond();
        long toS = to.getEpochSecond();
        return switch (name) {
            case "fromTime" -> "toDateTime(" + fromS + ")";
            case "toTime" -> "toDateTime(" + toS + ")";
            case "fromTime_ms" -> "fromUnixTimestamp64Milli(" + from.toEpochMilli() + ")";
            case "toTime_ms" -> "fromUnixTimestamp64Milli(" + to.toEpochMilli() + ")";
            case "timeFilter" ->
                one(name, args) + " >= toDateTime(" + fromS + ") AND " + args.get(0) + " <= toDateTime(" + toS + ")";
            case "timeFilter_ms" ->
                one(name, args) + " >= fromUnixTimestamp64Milli(" + from.toEpochMilli() + ") AND " + args.get(0)
                        + " <= fromUnixTimestamp64Milli(" + to.toEpochMilli() + ")";
            case "dateFilter" ->
                one(name, args) + " >= toDate('" + from.toString().substring(0, 10) + "') AND " + args.get(0)
                        + " <= toDate('" + to.toString().substring(0, 10) + "')";
            case "timeInterval" ->
                "toStartOfInterval(toDateTime(" + one(name, args) + "), INTERVAL " + Math.max(1, interval.toSeconds())
                        + " second)";
            case "timeInterval_ms" ->
                "toStartOfInterval(toDateTime64(" + one(name, args) + ", 3), INTERVAL "
                        + Math.max(1, interval.toMillis()) + " millisecond)";
            case "interval_s" -> Long.toString(Math.max(1, interval.toSeconds()));
            default -> throw new IllegalArgumentException("macro not supported by the plugin: $__" + name);
        };
    }

    private static String one(String name, List<String> args) {
        if (args.size() != 1) {
            throw new IllegalArgumentException("$__" + name + " takes 1 argument, got " + args);
        }
        return args.get(0);
    }

    private static int matchingParen(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses after a macro: " + s.substring(open));
    }

    private static List<String> splitArgs(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (!s.isBlank()) {
            out.add(s.substring(start).strip());
        }
        return out;
    }
}
