package dev.gpuarb.sink.clickhouse.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The values a dashboard's variables take when it opens, as Grafana resolves them. */
final class DashboardVariables {

    private DashboardVariables() {}

    /**
     * Runs each query variable's query in order, as Grafana does, so later variables see earlier
     * ones (all selected); a textbox or constant offers its text, a custom variable its comma-separated
     * options (all selected when it is multi-value).
     */
    static Map<String, GrafanaMacros.Value> resolve(ClickHouseGateway ch, JsonNode dashboard) {
        Map<String, GrafanaMacros.Value> values = new LinkedHashMap<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            String type = v.path("type").asText("query");
            String name = v.path("name").asText();
            if (type.equals("textbox") || type.equals("constant")) {
                values.put(name, GrafanaMacros.Value.single(v.path("query").asText()));
                continue;
            }
            List<String> options = type.equals("custom")
                    ? List.of(v.path("query").asText().split(","))
                    : ch.query(GrafanaMacros.variables(v.path("query").asText(), values)).stream()
                            .map(r -> r.getString(1))
                            .toList();
            assertThat(options).as("values of variable %s", name).isNotEmpty();
            values.put(
                    name,
                    v.path("multi").asBoolean()
                            ? GrafanaMacros.Value.multi(options)
                            : GrafanaMacros.Value.single(options.get(0)));
        }
        return values;
    }
}
