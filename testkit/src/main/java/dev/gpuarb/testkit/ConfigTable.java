package dev.gpuarb.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * A configuration reference as a Markdown table, generated from a Kafka {@link ConfigDef}: every key in
 * definition order (internal keys left out) with its default, valid values and meaning. The documents'
 * tables are this output (see {@link GeneratedBlock}), so they cannot drift from the definitions.
 */
public final class ConfigTable {

    private static final long SECOND = 1_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    /** Kafka's {@code Range}: "[1,...]", "[...,9]", "[1,...,9]". */
    private static final Pattern RANGE =
            Pattern.compile("\\[([^,\\]]*),\\.\\.\\.(?:,([^,\\]]*))?\\]|\\[\\.\\.\\.,([^\\]]*)\\]");

    private ConfigTable() {}

    /** Every key of the definition. */
    public static String markdown(ConfigDef def) {
        return markdown(def, key -> true);
    }

    /** The keys of the definition that {@code keys} accepts. */
    public static String markdown(ConfigDef def, Predicate<String> keys) {
        List<String> lines = new ArrayList<>();
        lines.add("| key | default | valid values | meaning |");
        lines.add("|---|---|---|---|");
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            if (key.internalConfig || !keys.test(key.name)) {
                continue;
            }
            lines.add("| `" + key.name + "` | " + escape(defaultCell(key)) + " | " + escape(validValues(key)) + " | "
                    + escape(key.documentation) + " |");
        }
        return String.join("\n", lines) + "\n";
    }

    static String defaultCell(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        if (value instanceof Password password) {
            return password.value().isEmpty() ? "(empty)" : "(hidden)";
        }
        String text = value == null ? "" : ConfigDef.convertToString(value, key.type);
        if (text.isEmpty()) {
            return "(empty)";
        }
        if (key.type == Type.STRING || key.type == Type.LIST || key.type == Type.CLASS) {
            return "`" + text + "`";
        }
        if (key.name.endsWith(".ms") && value instanceof Number ms && ms.longValue() >= MINUTE) {
            return text + " (" + inWords(ms.longValue()) + ")";
        }
        return text;
    }

    /** The validator as people read it (Kafka's ranges as "≥ 1" or "[5, 1000]"), else the type. */
    static String validValues(ConfigDef.ConfigKey key) {
        if (key.validator == null) {
            return switch (key.type) {
                case BOOLEAN -> "true, false";
                case STRING, PASSWORD -> "text";
                default -> key.type.name().toLowerCase(Locale.ROOT);
            };
        }
        String text = key.validator.toString();
        Matcher range = RANGE.matcher(text);
        if (!range.matches()) {
            return text;
        }
        if (range.group(3) != null) {
            return "≤ " + range.group(3);
        }
        return range.group(2) == null ? "≥ " + range.group(1) : "[" + range.group(1) + ", " + range.group(2) + "]";
    }

    /** 300000 -> "5 min", 86400000 -> "1 day": the largest unit that divides the duration. */
    static String inWords(long ms) {
        if (ms % DAY == 0) {
            return ms / DAY + (ms == DAY ? " day" : " days");
        }
        if (ms % HOUR == 0) {
            return ms / HOUR + " h";
        }
        if (ms % MINUTE == 0) {
            return ms / MINUTE + " min";
        }
        return ms / SECOND + " s";
    }

    /** A table cell cannot hold a bare '|'. */
    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
