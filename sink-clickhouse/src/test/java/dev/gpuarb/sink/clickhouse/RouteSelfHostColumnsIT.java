package dev.gpuarb.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.query.GenericRecord;
import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.SelfHostEstimate;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.topics.Topic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Route updates whose choice self-hosts a model keep the throughput figures behind its price; the others
 * (API choices, GPU routes, NO_ROUTE) leave them NULL, and alternatives that carry figures still insert.
 */
class RouteSelfHostColumnsIT {

    private static final List<RouteUpdate> ROUTES = new ArrayList<>();
    private static ClickHouseGateway ch;

    @BeforeAll
    static void seed() {
        ch = TestClickHouse.migratedDatabase("route_self_host");
        for (int i = 0; i < 15; i++) {
            RouteUpdate u = (RouteUpdate) SampleRecords.of(Topic.ROUTE_UPDATES, i);
            if (i == 4) {
                // An alternative with figures: the tuple column has no place for them and must take the row anyway.
                RouteCandidate alt = RouteCandidate.newBuilder(
                                u.getAlternatives().get(0))
                        .setSelfHost(SampleRecords.selfHost())
                        .build();
                u = RouteUpdate.newBuilder(u).setAlternatives(List.of(alt)).build();
            }
            ROUTES.add(RouteUpdate.newBuilder(u).setRouteId("r" + i).build());
        }
        Seeder.insert(ch, Topic.ROUTE_UPDATES, ROUTES);
    }

    @AfterAll
    static void close() {
        ch.close();
    }

    @Test
    void selfHostedChoicesKeepTheirFiguresAndOthersAreNull() {
        List<GenericRecord> rows = ch.query(
                "SELECT route_id, chosen_self_host_model, chosen_self_host_gpus,"
                        + " chosen_self_host_concurrency, chosen_self_host_output_tokens_per_second,"
                        + " chosen_self_host_usd_per_instance_hour FROM route_updates ORDER BY toUInt32(substring(route_id, 2))");
        assertThat(rows).hasSize(ROUTES.size());
        for (int i = 0; i < rows.size(); i++) {
            GenericRecord row = rows.get(i);
            RouteCandidate chosen = ROUTES.get(i).getChosen();
            SelfHostEstimate expected = chosen == null ? null : chosen.getSelfHost();
            assertThat(row.getString("route_id")).isEqualTo("r" + i);
            if (expected == null) {
                assertThat(row.getObject("chosen_self_host_model"))
                        .as("row %d", i)
                        .isNull();
                assertThat(row.getObject("chosen_self_host_output_tokens_per_second"))
                        .as("row %d", i)
                        .isNull();
            } else {
                assertThat(row.getString("chosen_self_host_model")).isEqualTo(expected.getModel());
                assertThat(row.getInteger("chosen_self_host_gpus")).isEqualTo(expected.getGpus());
                assertThat(row.getLong("chosen_self_host_concurrency")).isEqualTo(expected.getConcurrency());
                assertThat(row.getDouble("chosen_self_host_output_tokens_per_second"))
                        .isEqualTo(expected.getOutputTokensPerSecond());
                assertThat(row.getDouble("chosen_self_host_usd_per_instance_hour"))
                        .isEqualTo(expected.getUsdPerInstanceHour());
            }
        }
        // The sample set holds both kinds, or the test would prove nothing.
        assertThat(ROUTES)
                .anyMatch(u -> u.getChosen() != null && u.getChosen().getSelfHost() != null)
                .anyMatch(u -> u.getChosen() != null && u.getChosen().getSelfHost() == null);
    }
}
