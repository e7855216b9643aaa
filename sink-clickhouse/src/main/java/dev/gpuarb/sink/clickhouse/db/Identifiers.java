package dev.gpuarb.sink.clickhouse.db;

import java.util.regex.Pattern;

/** Database and table names go into SQL text, so only plain identifiers are accepted. */
public final class Identifiers {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private Identifiers() {}

    public static String requireValid(String name) {
        if (name == null || !PLAIN.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain ClickHouse identifier ([A-Za-z_][A-Za-z0-9_]*): " + name);
        }
        return name;
    }

    /** {@code `database`.`table`}. */
    public static String qualified(String database, String table) {
        return "`" + requireValid(database) + "`.`" + requireValid(table) + "`";
    }
}
