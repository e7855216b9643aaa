package dev.gpuarb.sink.clickhouse.convert;

/** Avro field names are camelCase; ClickHouse columns are their snake_case forms. */
public final class ColumnNames {

    private ColumnNames() {}

    /** {@code usdPerGpuHour -> usd_per_gpu_hour}, {@code p99LatencyMs -> p99_latency_ms}. */
    public static String snake(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 8);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && out.charAt(out.length() - 1) != '_') {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
