package dev.gpuarb.sink.clickhouse.migrate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned migration: a SQL template with {@code ${name}} placeholders (database, retention
 * days). The checksum covers the template, not the rendered SQL, so changing a retention setting
 * does not look like an edited migration.
 */
public record Migration(int version, String name, String template) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9_.]+)}");

    public String checksum() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(template.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The statements to run, in order, with every placeholder replaced. */
    public List<String> statements(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder rendered = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(
                        "migration V" + version + " needs a value for ${" + m.group(1) + "}");
            }
            m.appendReplacement(rendered, Matcher.quoteReplacement(value));
        }
        m.appendTail(rendered);
        return split(rendered.toString());
    }

    /**
     * Splits on ';' at the end of a line: ClickHouse runs one statement per request, and our own
     * migration files never put ';' at a line end inside a literal.
     */
    static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(line, 0, line.lastIndexOf(';'));
                addIfNotBlank(out, current);
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        addIfNotBlank(out, current);
        return out;
    }

    private static void addIfNotBlank(List<String> out, StringBuilder statement) {
        String s = statement.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }
}
