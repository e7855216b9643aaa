package dev.gpuarb.sink.clickhouse.db;

/**
 * One column of a target table as {@code system.columns} describes it.
 *
 * @param name       column name
 * @param type       full ClickHouse type, e.g. {@code LowCardinality(Nullable(String))}
 * @param hasDefault true when the server fills it (DEFAULT, MATERIALIZED, ALIAS, EPHEMERAL)
 * @param insertable false for MATERIALIZED and ALIAS columns, which an INSERT cannot name
 */
public record TableColumn(String name, String type, boolean hasDefault, boolean insertable) {

    public TableColumn(String name, String type, boolean hasDefault) {
        this(name, type, hasDefault, true);
    }

    /** True for {@code Nullable(...)}, also inside {@code LowCardinality(...)}. */
    public boolean nullable() {
        return unwrapLowCardinality().startsWith("Nullable(");
    }

    /** The type without LowCardinality and Nullable wrappers: {@code String}, {@code UInt16}, ... */
    public String baseType() {
        String t = unwrapLowCardinality();
        if (t.startsWith("Nullable(") && t.endsWith(")")) {
            t = t.substring("Nullable(".length(), t.length() - 1);
        }
        return t;
    }

    private String unwrapLowCardinality() {
        String t = type.strip();
        if (t.startsWith("LowCardinality(") && t.endsWith(")")) {
            t = t.substring("LowCardinality(".length(), t.length() - 1);
        }
        return t;
    }
}
