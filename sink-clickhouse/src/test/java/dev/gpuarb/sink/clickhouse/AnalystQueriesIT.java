package dev.gpuarb.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.clickhouse.client.api.query.GenericRecord;
import dev.gpuarb.avro.Endpoint;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.topics.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queries of docs/analyst-queries.md, each against seeded data with an answer computed here. */
class AnalystQueriesIT {

    private static final Path DOC = Path.of(System.getProperty("gpuarb.sink.docs.dir", "docs"), "analyst-queries.md");
    private static final Instant NOW = Instant.now();
    private static final List<GpuPriceObservation> PRICES = new ArrayList<>();
    private static final List<RouteUpdate> ROUTES = new ArrayList<>();
    private static ClickHouseGateway ch;

    @BeforeAll
    static void seed() {
        ch = TestClickHouse.migratedDatabase("analyst");
        int seq = 0;
        // Recent and stale on-demand prices across regions.
        Object[][] onDemand = {
            {"H100-80GB", "us-east-1", "aws", 4.0, 3.0}, {"H100-80GB", "us-east-1", "aws", 3.0, 1.0},
            {"H100-80GB", "us-west-2", "aws", 3.5, 2.0}, {"H100-80GB", "eu-west-1", "aws", 1.0, 30.0},
            {"A100-80GB", "us-west-2", "lambda", 2.0, 5.0}, {"A100-80GB", "eu-west-1", "azure", 1.5, 6.0},
            {"A100-80GB", "eu-west-1", "azure", 2.5, 26.0}
        };
        for (Object[] p : onDemand) {
            PRICES.add(SampleRecords.gpuPrice(
                    seq++,
                    NOW.minusSeconds((long) ((double) p[4] * 3600)),
                    (String) p[0],
                    (String) p[1],
                    (String) p[2],
                    PricingModel.ON_DEMAND,
                    (double) p[3]));
        }
        // Three days of hourly spot prices, cheaper at night (UTC 0-5).
        Instant today = NOW.truncatedTo(ChronoUnit.DAYS);
        for (int day = 1; day <= 3; day++) {
            for (int hour = 0; hour < 24; hour++) {
                double price = (hour < 6 ? 1.6 : 2.2) + day * 0.01 + hour * 0.001;
                PRICES.add(SampleRecords.gpuPrice(
                        seq++,
                        today.minus(day, ChronoUnit.DAYS).plus(hour, ChronoUnit.HOURS),
                        "H100-80GB",
                        "us-east-1",
                        "aws",
                        PricingModel.SPOT,
                        price));
            }
        }
        Seeder.insert(ch, Topic.GPU_PRICES, PRICES);

        // Route r1: three decisions, the last one without a saving, so the answer does not depend on now.
        Instant t0 = NOW.minus(10, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        ROUTES.add(route("r1", t0, 0.5));
        ROUTES.add(route("r1", t0.plus(2, ChronoUnit.HOURS), 0.2));
        ROUTES.add(route("r1", t0.plus(5, ChronoUnit.HOURS), null));
        ROUTES.add(route("r2", t0.plus(1, ChronoUnit.HOURS), -0.1));
        ROUTES.add(route("r2", t0.plus(4, ChronoUnit.HOURS), null));
        Seeder.insert(ch, Topic.ROUTE_UPDATES, ROUTES);
    }

    @AfterAll
    static void close() {
        ch.close();
    }

    @Test
    void cheapestRegionPerGpuOverTheLastDay() throws IOException {
        // Latest price per offer within the last day, then the minimum per GPU model.
        Map<String, GpuPriceObservation> latestPerOffer = new TreeMap<>();
        for (GpuPriceObservation p : PRICES) {
            if (p.getObservedAt().isBefore(NOW.minus(1, ChronoUnit.DAYS))) {
                continue;
            }
            String key = p.getGpuModel() + "|" + p.getRegion() + "|" + p.getProvider() + "|" + p.getPricingModel();
            latestPerOffer.merge(key, p, (a, b) -> a.getObservedAt().isAfter(b.getObservedAt()) ? a : b);
        }
        Map<String, GpuPriceObservation> cheapest = new TreeMap<>();
        latestPerOffer
                .values()
                .forEach(p -> cheapest.merge(
                        p.getGpuModel(), p, (a, b) -> a.getUsdPerGpuHour() <= b.getUsdPerGpuHour() ? a : b));

        List<GenericRecord> rows = ch.query(query("cheapest-region-per-gpu"));
        assertThat(rows).hasSize(cheapest.size());
        int i = 0;
        for (GpuPriceObservation expected : cheapest.values()) {
            GenericRecord r = rows.get(i++);
            assertThat(r.getString("gpu_model")).isEqualTo(expected.getGpuModel());
            assertThat(r.getString("cheapest_region")).isEqualTo(expected.getRegion());
            assertThat(r.getString("cheapest_provider")).isEqualTo(expected.getProvider());
            assertThat(r.getDouble("usd_per_gpu_hour")).isEqualTo(expected.getUsdPerGpuHour());
        }
    }

    @Test
    void hourOfDaySavings() throws IOException {
        List<GpuPriceObservation> spot = PRICES.stream()
                .filter(p -> p.getPricingModel() == PricingModel.SPOT
                        && !p.getObservedAt().isBefore(NOW.minus(7, ChronoUnit.DAYS)))
                .toList();
        double weekMean = spot.stream()
                .mapToDouble(GpuPriceObservation::getUsdPerGpuHour)
                .average()
                .orElseThrow();
        Map<Integer, Double> hourMeans = new TreeMap<>(spot.stream()
                .collect(Collectors.groupingBy(
                        p -> p.getObservedAt().atZone(ZoneOffset.UTC).getHour(),
                        Collectors.averagingDouble(GpuPriceObservation::getUsdPerGpuHour))));

        List<GenericRecord> rows = ch.query(query("hour-of-day-savings"));
        assertThat(rows).hasSize(hourMeans.size());
        for (GenericRecord r : rows) {
            int hour = r.getInteger("hour_utc");
            double mean = hourMeans.get(hour);
            assertThat(r.getString("gpu_model")).isEqualTo("H100-80GB");
            assertThat(r.getDouble("mean_price")).isCloseTo(mean, within(1e-9));
            assertThat(r.getDouble("vs_week_mean_pct")).isCloseTo((mean - weekMean) / weekMean * 100, within(1e-6));
        }
        GenericRecord cheapestHour = rows.stream()
                .min(Comparator.comparingDouble(r -> r.getDouble("vs_week_mean_pct")))
                .orElseThrow();
        assertThat(cheapestHour.getInteger("hour_utc")).isLessThan(6);
    }

    @Test
    void realisedRoutingSavings() throws IOException {
        Map<String, Double> expected = new TreeMap<>();
        Map<String, List<RouteUpdate>> byRoute =
                ROUTES.stream().collect(Collectors.groupingBy(RouteUpdate::getRouteId));
        byRoute.forEach((route, decisions) -> {
            List<RouteUpdate> sorted = decisions.stream()
                    .sorted(Comparator.comparing(RouteUpdate::getDecidedAt))
                    .toList();
            double total = 0;
            for (int i = 0; i < sorted.size(); i++) {
                RouteUpdate d = sorted.get(i);
                if (d.getSavingPerUnit() == null) {
                    continue;
                }
                Instant until = i + 1 < sorted.size() ? sorted.get(i + 1).getDecidedAt() : NOW;
                total += d.getSavingPerUnit()
                        * Duration.between(d.getDecidedAt(), until).toSeconds()
                        / 3600.0;
            }
            expected.put(route, total);
        });

        List<GenericRecord> rows = ch.query(query("realised-routing-savings"));
        assertThat(rows).extracting(r -> r.getString("route_id")).containsExactlyElementsOf(expected.keySet());
        for (GenericRecord r : rows) {
            assertThat(r.getDouble("realised_saving"))
                    .as(r.getString("route_id"))
                    .isCloseTo(expected.get(r.getString("route_id")), within(1e-9));
            assertThat(r.getLong("decisions"))
                    .isEqualTo(byRoute.get(r.getString("route_id")).size());
        }
        assertThat(expected.get("r1")).isCloseTo(0.5 * 2 + 0.2 * 3, within(1e-9));
    }

    private static RouteUpdate route(String routeId, Instant at, Double saving) {
        Endpoint e = SampleRecords.endpoint("aws", "us-west-2", 0);
        return RouteUpdate.newBuilder()
                .setRouteId(routeId)
                .setStatus(RouteStatus.ROUTED)
                .setChosen(new RouteCandidate(e, 3.0, null, null))
                .setAlternatives(List.of())
                .setPriceUnit("USD/GPU-hour")
                .setReason("test")
                .setPrevious(null)
                .setSavingPerUnit(saving)
                .setSavingPct(null)
                .setDecidedAt(at)
                .build();
    }

    /** The SQL block that follows {@code <!-- query: name -->} in the document. */
    private static String query(String name) throws IOException {
        String doc = Files.readString(DOC);
        Matcher m = Pattern.compile("<!-- query: " + Pattern.quote(name) + " -->\\s*```sql\\n(.*?)```", Pattern.DOTALL)
                .matcher(doc);
        assertThat(m.find()).as("query %s in %s", name, DOC).isTrue();
        return m.group(1).strip();
    }
}
