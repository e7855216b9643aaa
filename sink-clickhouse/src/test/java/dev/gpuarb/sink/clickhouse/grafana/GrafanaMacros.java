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
 * first (Grafana's frontend), then the plugin's macros (its backend), with the same expansions the
 * plugin emits ({@code toDateTime(seconds)}, {@code fromUnixTimestamp64Milli(ms)},
 * {@code toStartOfInterval(toDateTime(col), INTERVAL n second)}, ...).
 */
final class GrafanaMacros {

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

    String expand(String sql, Map<String, List<String>> variables) {
        return macros(variables(sql, variables));
    }

    static String variables(String sql, Map<String, List<String>> variables) {
        Matcher m = FORMATTED_VARIABLE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            List<String> values = variables.get(m.group(1));
            if (values == null) {
                throw new IllegalArgumentException("unknown dashboard variable " + m.group());
            }
            String format = m.group(2) == null ? "csv" : m.group(2);
            String replacement = switch (format) {
                case "singlequote" -> values.stream().map(v -> "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'")
                        .collect(Collectors.joining(","));
                case "csv" -> String.join(",", values);
                default -> throw new IllegalArgumentException("variable format not handled: " + format);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
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
            case "timeFilter" -> one(name, args) + " >= toDateTime(" + fromS + ") AND " + args.get(0)
                    + " <= toDateTime(" + toS + ")";
            case "timeFilter_ms" -> one(name, args) + " >= fromUnixTimestamp64Milli(" + from.toEpochMilli() + ") AND "
                    + args.get(0) + " <= fromUnixTimestamp64Milli(" + to.toEpochMilli() + ")";
            case "dateFilter" -> one(name, args) + " >= toDate('" + from.toString().substring(0, 10) + "') AND "
                    + args.get(0) + " <= toDate('" + to.toString().substring(0, 10) + "')";
            case "timeInterval" -> "toStartOfInterval(toDateTime(" + one(name, args) + "), INTERVAL "
                    + Math.max(1, interval.toSeconds()) + " second)";
            case "timeInterval_ms" -> "toStartOfInterval(toDateTime64(" + one(name, args) + ", 3), INTERVAL "
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
