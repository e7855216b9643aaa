package dev.gpuarb.sink.clickhouse;

import dev.gpuarb.sink.clickhouse.db.Identifiers;
import dev.gpuarb.topics.Topic;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Which table each topic is written to. */
public final class TopicTables {

    /** The pipeline's topics and the tables the migrations create for them. */
    public static final Map<Topic, String> DEFAULTS;

    static {
        Map<Topic, String> m = new EnumMap<>(Topic.class);
        m.put(Topic.GPU_PRICES, "gpu_prices");
        m.put(Topic.TOKEN_PRICES, "token_prices");
        m.put(Topic.REGIONAL_SPREADS, "regional_spreads");
        m.put(Topic.TIME_OF_DAY_PROFILES, "time_of_day_profiles");
        m.put(Topic.LATENCY_SUMMARIES, "endpoint_latency");
        m.put(Topic.ROUTE_UPDATES, "route_updates");
        m.put(Topic.SPOT_BIDS, "spot_bids");
        m.put(Topic.ARBITRAGE_ALERTS, "arbitrage_alerts");
        m.put(Topic.REJECTED, "rejected_records");
        m.put(Topic.TASK_MARGINS, "task_margins");
        DEFAULTS = Map.copyOf(m);
    }

    private TopicTables() {}

    /** {@code prices.gpu:gpu_prices,...} for every default mapping, in catalog order. */
    public static String defaultSpec() {
        return new EnumMap<>(DEFAULTS)
                .entrySet().stream()
                        .map(e -> e.getKey().topicName() + ":" + e.getValue())
                        .collect(Collectors.joining(","));
    }

    /** Parses {@code topic:table,topic:table}. */
    public static Map<String, String> parse(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.lastIndexOf(':');
            if (colon <= 0 || colon == e.length() - 1) {
                throw new IllegalArgumentException("topic.table.map entry must be topic:table, got '" + e + "'");
            }
            out.put(
                    e.substring(0, colon).strip(),
                    Identifiers.requireValid(e.substring(colon + 1).strip()));
        }
        return Map.copyOf(out);
    }
}
