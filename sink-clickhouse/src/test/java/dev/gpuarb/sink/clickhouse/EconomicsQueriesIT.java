package dev.gpuarb.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.clickhouse.client.api.query.GenericRecord;
import dev.gpuarb.avro.BidAction;
import dev.gpuarb.avro.Endpoint;
import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.topics.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The economics views, through the queries of docs/analyst-queries.md (with the parameters the
 * document shows), against seeded decisions, prices, bids and request counts; every expected
 * answer is worked out here from the seeded records.
 */
class EconomicsQueriesIT {

    private static final Path DOC = Path.of(System.getProperty("gpuarb.sink.docs.dir", "docs"), "analyst-queries.md");
    private static final Instant T = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(10, ChronoUnit.HOURS);
    private static final List<RouteUpdate> ROUTES = new ArrayList<>();
    private static final List<EndpointLatencySummary> REQUESTS = new ArrayList<>();
    private static final List<TokenPriceObservation> TOKEN_PRICES = new ArrayList<>();
    private static final List<SpotBid> BIDS = new ArrayList<>();
    private static ClickHouseGateway ch;

    private static final Endpoint OPENAI = token("openai", null);
    private static final Endpoint TOGETHER = token("together", null);
    private static final Endpoint AZURE = token("azure", "eastus");
    private static final Endpoint COHERE = token("cohere", null);
    private static final Endpoint LAMBDA = gpu("lambda", "us-west-1");
    private static final Endpoint AWS = gpu("aws", "us-east-1");
    private static final Endpoint AZURE_GPU = gpu("azure", "eastus");

    @BeforeAll
    static void seed() {
        ch = TestClickHouse.migratedDatabase("economics");
        // chat (tokens): openai, then together; azure eastus listed as an alternative in both decisions.
        ROUTES.add(decision("chat", T, OPENAI, 5.0, null, null, List.of(candidate(AZURE, 6.0))));
        ROUTES.add(decision(
                "chat", T.plus(3, ChronoUnit.HOURS), TOGETHER, 3.0, OPENAI, 5.0, List.of(candidate(AZURE, 5.5))));
        // embed (tokens): one endpoint without a cached-input price.
        ROUTES.add(decision("embed", T, COHERE, 0.1, null, null, List.of()));
        // batch (GPU): lambda, nothing eligible for two hours, then aws; azure only in the first decision.
        ROUTES.add(decision("batch", T, LAMBDA, 3.0, null, null, List.of(candidate(AZURE_GPU, 3.6))));
        ROUTES.add(noRoute("batch", T.plus(4, ChronoUnit.HOURS)));
        ROUTES.add(
                decision("batch", T.plus(6, ChronoUnit.HOURS), AWS, 2.5, null, null, List.of(candidate(LAMBDA, 3.2))));
        // train (GPU): dearer than the reserved price tried below.
        ROUTES.add(decision("train", T, AZURE_GPU, 1.5, null, null, List.of()));
        Seeder.insert(ch, Topic.ROUTE_UPDATES, ROUTES);

        // Request counts per 30-minute window at every endpoint, different per window.
        int n = 0;
        for (Endpoint e : List.of(OPENAI, TOGETHER, AZURE, COHERE, LAMBDA, AWS, AZURE_GPU)) {
            for (int w = 0; w < 20; w++) {
                Instant start = T.plus(30L * w, ChronoUnit.MINUTES);
                REQUESTS.add(EndpointLatencySummary.newBuilder()
                        .setEndpointId(e.getOfferId())
                        .setWindowStart(start)
                        .setWindowEnd(start.plus(30, ChronoUnit.MINUTES))
                        .setRequestCount(100 + 7L * w + n)
                        .setErrorCount(0)
                        .setErrorRate(0)
                        .setP50Ms(100)
                        .setP99Ms(200)
                        .setSketch(null)
                        .build());
            }
            n += 3;
        }
        Seeder.insert(ch, Topic.LATENCY_SUMMARIES, REQUESTS);

        TOKEN_PRICES.add(tokenPrice(OPENAI, 5.0, 15.0, 2.5, T));
        TOKEN_PRICES.add(tokenPrice(TOGETHER, 4.0, 9.0, 1.5, T));
        TOKEN_PRICES.add(tokenPrice(TOGETHER, 3.0, 6.0, 1.0, T.plus(2, ChronoUnit.HOURS)));
        TOKEN_PRICES.add(tokenPrice(COHERE, 0.1, 0.0, null, T));
        Seeder.insert(ch, Topic.TOKEN_PRICES, TOKEN_PRICES);

        // Spot bids for one offer; the last is not BID, so the saving does not depend on now.
        Instant s = T;
        BIDS.add(bid("a", s, 3.0, 10.0, BidAction.BID));
        BIDS.add(bid("a", s.plus(2, ChronoUnit.HOURS), 4.0, 10.0, BidAction.BID));
        BIDS.add(bid("a", s.plus(3, ChronoUnit.HOURS), 9.0, 10.0, BidAction.HOLD));
        BIDS.add(bid("a", s.plus(5, ChronoUnit.HOURS), 9.5, 10.0, BidAction.USE_ON_DEMAND));
        BIDS.add(bid("b", s, 1.0, null, BidAction.BID));
        Seeder.insert(ch, Topic.SPOT_BIDS, BIDS);
    }

    @AfterAll
    static void close() {
        ch.close();
    }

    @Test
    void routingSavingsAgainstTheFirstChoice() throws IOException {
        Map<String, double[]> expected = new TreeMap<>();
        expectedRoutingSavings("", "", 2000, 30).forEach((key, v) -> {
            double[] sum = expected.computeIfAbsent(key.split("\\|")[1], k -> new double[4]);
            for (int i = 0; i < 4; i++) {
                sum[i] += v[i];
            }
        });
        List<GenericRecord> rows = ch.query(query("routing-savings-first-choice"));
        assertThat(rows).extracting(r -> r.getString("route_id")).containsExactlyElementsOf(expected.keySet());
        for (GenericRecord r : rows) {
            double[] e = expected.get(r.getString("route_id"));
            assertThat(r.getDouble("requests")).as("requests").isEqualTo(e[0]);
            assertThat(r.getDouble("chosen_cost_usd")).isCloseTo(e[2], within(1e-9));
            assertThat(r.getDouble("baseline_cost_usd")).isCloseTo(e[3], within(1e-9));
            assertThat(r.getDouble("saving_usd")).isCloseTo(e[3] - e[2], within(1e-9));
        }
        // chat moved from 5.0 to 3.0 per million tokens: it saved money; embed never moved.
        assertThat(expected.get("chat")[3]).isGreaterThan(expected.get("chat")[2]);
        assertThat(expected.get("embed")[3]).isEqualTo(expected.get("embed")[2]);
    }

    @Test
    void routingSavingsAgainstANamedProviderAndRegionPerHour() throws IOException {
        Map<String, double[]> expected = expectedRoutingSavings("azure", "eastus", 2000, 30);
        List<GenericRecord> rows = ch.query(query("routing-savings-named-baseline"));
        Map<String, GenericRecord> byKey = new TreeMap<>();
        rows.forEach(r -> byKey.put(
                r.getLocalDateTime("hour").toInstant(java.time.ZoneOffset.UTC) + "|" + r.getString("route_id"), r));
        assertThat(byKey.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, e) -> {
            GenericRecord r = byKey.get(key);
            assertThat(r.getDouble("requests")).as(key).isEqualTo(e[0]);
            assertThat(r.getDouble("requests_without_baseline")).as(key).isEqualTo(e[1]);
            assertThat(r.getDouble("chosen_cost_usd")).as(key).isCloseTo(e[2], within(1e-9));
            assertThat(r.getDouble("baseline_cost_usd")).as(key).isCloseTo(e[3], within(1e-9));
        });
        // batch's second choice (aws) has no azure candidate: those requests have no baseline.
        assertThat(expected.entrySet().stream()
                        .filter(x -> x.getKey().endsWith("|batch"))
                        .mapToDouble(x -> x.getValue()[1])
                        .sum())
                .isPositive();
    }

    @Test
    void spotSavingsNetOfTheInterruptionOverhead() throws IOException {
        List<GenericRecord> rows = ch.query(query("spot-savings"));
        assertThat(rows).extracting(r -> r.getString("offer_id")).containsExactly("a");
        GenericRecord a = rows.get(0);
        List<SpotBid> bids = BIDS.stream()
                .filter(b -> b.getOfferId().equals("a"))
                .sorted(Comparator.comparing(SpotBid::getAt))
                .toList();
        double saving = 0;
        double spotHours = 0;
        for (int i = 0; i + 1 < bids.size(); i++) {
            SpotBid b = bids.get(i);
            double hours = (bids.get(i + 1).getAt().toEpochMilli() - b.getAt().toEpochMilli()) / 3_600_000.0;
            if (b.getAction() == BidAction.BID) {
                spotHours += hours;
                saving += hours * (b.getOnDemandUsdPerHour() - b.getSpotUsdPerHour() * 1.10);
            }
        }
        assertThat(saving).isCloseTo(2 * (10 - 3.3) + (10 - 4.4), within(1e-9));
        assertThat(a.getDouble("saving_usd")).isCloseTo(saving, within(1e-6));
        assertThat(a.getDouble("spot_hours")).isCloseTo(spotHours, within(1e-9));
        double hoursSinceFirst =
                (Instant.now().toEpochMilli() - bids.get(0).getAt().toEpochMilli()) / 3_600_000.0;
        assertThat(a.getDouble("hours")).isBetween(hoursSinceFirst - 0.1, hoursSinceFirst + 0.1);
        assertThat(a.getDouble("on_demand_cost_usd")).isCloseTo(a.getDouble("hours") * 10.0, within(1e-6));
    }

    @Test
    void cachingWhatIf() throws IOException {
        List<GenericRecord> rows = ch.query(query("cache-savings"));
        assertThat(rows).extracting(r -> r.getString("route_id")).containsExactly("chat", "embed");
        for (GenericRecord r : rows) {
            Endpoint current = r.getString("route_id").equals("chat") ? TOGETHER : COHERE;
            TokenPriceObservation price = TOKEN_PRICES.stream()
                    .filter(p -> p.getOfferId().equals(current.getOfferId()))
                    .max(Comparator.comparing(TokenPriceObservation::getObservedAt))
                    .orElseThrow();
            double requests = REQUESTS.stream()
                    .filter(q -> q.getEndpointId().equals(current.getOfferId()))
                    .mapToLong(EndpointLatencySummary::getRequestCount)
                    .sum();
            double cost =
                    requests * (1500 * price.getUsdPerMillionInput() + 300 * price.getUsdPerMillionOutput()) / 1e6;
            double saving = price.getUsdPerMillionCachedInput() == null
                    ? 0
                    : requests
                            * 1500
                            * 0.4
                            * (price.getUsdPerMillionInput() - price.getUsdPerMillionCachedInput())
                            / 1e6;
            assertThat(r.getString("offer_id")).isEqualTo(current.getOfferId());
            assertThat(r.getDouble("requests")).isEqualTo(requests);
            assertThat(r.getDouble("cost_usd")).isCloseTo(cost, within(1e-9));
            assertThat(r.getDouble("saving_usd")).isCloseTo(saving, within(1e-9));
            assertThat(r.getDouble("saving_usd_per_month")).isCloseTo(saving * 30, within(1e-9));
        }
        assertThat(rows.get(0).getDouble("saving_usd")).isPositive();
    }

    @Test
    void distillationBreakEven() throws IOException {
        List<GenericRecord> rows = ch.query(query("distillation-breakeven"));
        assertThat(rows).extracting(r -> r.getString("route_id")).containsExactly("chat", "embed");
        GenericRecord chat = rows.get(0);
        assertThat(chat.getDouble("current_usd_per_million")).isEqualTo(3.0);
        assertThat(chat.getDouble("break_even_million_tokens_per_month"))
                .isCloseTo(10_000 / (6 * (3.0 - 1.0)), within(1e-9));
        assertThat(rows.get(1).getObject("break_even_million_tokens_per_month"))
                .as("embed is already cheaper")
                .isNull();
    }

    @Test
    void reservedCapacityBreakEven() throws IOException {
        List<GenericRecord> rows = ch.query(query("reserved-breakeven"));
        assertThat(rows).extracting(r -> r.getString("route_id")).containsExactly("batch", "train");
        GenericRecord batch = rows.get(0);
        assertThat(batch.getDouble("current_usd_per_gpu_hour")).isEqualTo(2.5);
        assertThat(batch.getDouble("break_even_utilisation_pct")).isCloseTo(2.0 / 2.5 * 100, within(1e-9));
        assertThat(batch.getDouble("break_even_gpu_hours_per_month")).isCloseTo(2.0 / 2.5 * 730, within(1e-9));
        assertThat(batch.getBoolean("can_pay_off")).isTrue();
        assertThat(rows.get(1).getDouble("break_even_utilisation_pct")).isCloseTo(2.0 / 1.5 * 100, within(1e-9));
        assertThat(rows.get(1).getBoolean("can_pay_off")).isFalse();
    }

    /**
     * hour|route -> {requests, requests without baseline, chosen cost, baseline cost}, following the
     * definition in the document: decisions hold until the next, windows count by their start.
     */
    private static Map<String, double[]> expectedRoutingSavings(
            String provider, String region, double tokensPerRequest, double gpuSecondsPerRequest) {
        Map<String, double[]> out = new TreeMap<>();
        Map<String, List<RouteUpdate>> byRoute = new TreeMap<>();
        ROUTES.forEach(u ->
                byRoute.computeIfAbsent(u.getRouteId(), k -> new ArrayList<>()).add(u));
        byRoute.forEach((route, list) -> {
            List<RouteUpdate> sorted = list.stream()
                    .sorted(Comparator.comparing(RouteUpdate::getDecidedAt))
                    .toList();
            Double first = sorted.stream()
                    .filter(u -> u.getStatus() == RouteStatus.ROUTED)
                    .findFirst()
                    .map(u -> u.getChosen().getEffectivePrice())
                    .orElse(null);
            for (int i = 0; i < sorted.size(); i++) {
                RouteUpdate u = sorted.get(i);
                if (u.getStatus() != RouteStatus.ROUTED) {
                    continue;
                }
                Instant from = u.getDecidedAt();
                Instant to = i + 1 < sorted.size() ? sorted.get(i + 1).getDecidedAt() : Instant.MAX;
                Double baseline = provider.isEmpty() ? first : namedBaseline(u, provider, region);
                double units = u.getChosen().getEndpoint().getKind() == WorkloadKind.GPU_HOURS
                        ? gpuSecondsPerRequest / 3600
                        : tokensPerRequest / 1e6;
                for (EndpointLatencySummary w : REQUESTS) {
                    if (!w.getEndpointId().equals(u.getChosen().getEndpoint().getOfferId())
                            || w.getWindowStart().isBefore(from)
                            || !w.getWindowStart().isBefore(to)) {
                        continue;
                    }
                    double[] v = out.computeIfAbsent(
                            w.getWindowStart().truncatedTo(ChronoUnit.HOURS) + "|" + route, k -> new double[4]);
                    if (baseline == null) {
                        v[1] += w.getRequestCount();
                    } else {
                        v[0] += w.getRequestCount();
                        v[2] += w.getRequestCount() * units * u.getChosen().getEffectivePrice();
                        v[3] += w.getRequestCount() * units * baseline;
                    }
                }
            }
        });
        return out;
    }

    private static Double namedBaseline(RouteUpdate u, String provider, String region) {
        List<RouteCandidate> candidates = new ArrayList<>(u.getAlternatives());
        candidates.add(u.getChosen());
        if (u.getPrevious() != null) {
            candidates.add(u.getPrevious());
        }
        return candidates.stream()
                .filter(c -> c.getEndpoint().getProvider().equals(provider)
                        && (region.isEmpty() || region.equals(c.getEndpoint().getRegion())))
                .map(RouteCandidate::getEffectivePrice)
                .min(Double::compare)
                .orElse(null);
    }

    private static Endpoint token(String provider, String region) {
        return new Endpoint(
                provider + "|gpt-4o|" + (region == null ? "" : region),
                WorkloadKind.TOKENS,
                provider,
                region,
                null,
                "gpt-4o",
                null);
    }

    private static Endpoint gpu(String provider, String region) {
        return new Endpoint(
                provider + "|" + region + "||gpu_8x_h100|ON_DEMAND",
                WorkloadKind.GPU_HOURS,
                provider,
                region,
                null,
                "gpu_8x_h100",
                PricingModel.ON_DEMAND);
    }

    private static RouteCandidate candidate(Endpoint e, double price) {
        return new RouteCandidate(e, price, null, null);
    }

    private static RouteUpdate decision(
            String route,
            Instant at,
            Endpoint chosen,
            double price,
            Endpoint previous,
            Double previousPrice,
            List<RouteCandidate> alternatives) {
        return RouteUpdate.newBuilder()
                .setRouteId(route)
                .setStatus(RouteStatus.ROUTED)
                .setChosen(candidate(chosen, price))
                .setAlternatives(alternatives)
                .setPriceUnit(chosen.getKind() == WorkloadKind.TOKENS ? "USD/1M tokens" : "USD/GPU-hour")
                .setReason("test")
                .setPrevious(previous == null ? null : candidate(previous, previousPrice))
                .setSavingPerUnit(previous == null ? null : previousPrice - price)
                .setSavingPct(null)
                .setDecidedAt(at)
                .build();
    }

    private static RouteUpdate noRoute(String route, Instant at) {
        return RouteUpdate.newBuilder()
                .setRouteId(route)
                .setStatus(RouteStatus.NO_ROUTE)
                .setChosen(null)
                .setAlternatives(List.of())
                .setPriceUnit("USD/GPU-hour")
                .setReason("nothing eligible")
                .setPrevious(null)
                .setSavingPerUnit(null)
                .setSavingPct(null)
                .setDecidedAt(at)
                .build();
    }

    private static TokenPriceObservation tokenPrice(Endpoint e, double in, double out, Double cached, Instant at) {
        return TokenPriceObservation.newBuilder()
                .setOfferId(e.getOfferId())
                .setProvider(e.getProvider())
                .setModel("gpt-4o")
                .setProviderModelId("gpt-4o")
                .setRegion(e.getRegion())
                .setUsdPerMillionInput(in)
                .setUsdPerMillionOutput(out)
                .setUsdPerMillionCachedInput(cached)
                .setMaxInputTokens(null)
                .setObservedAt(at)
                .setSource("test")
                .setTags(List.of())
                .build();
    }

    private static SpotBid bid(String offer, Instant at, double spot, Double onDemand, BidAction action) {
        return SpotBid.newBuilder()
                .setOfferId(offer)
                .setProvider("aws")
                .setRegion("us-east-1")
                .setZone(null)
                .setInstanceType("p5.48xlarge")
                .setGpuModel("H100-80GB")
                .setSpotUsdPerHour(spot)
                .setRecommendedMaxBidUsdPerHour(spot * 1.2)
                .setPercentile(90)
                .setMarginPct(5)
                .setOnDemandUsdPerHour(onDemand)
                .setCappedAtOnDemand(false)
                .setAction(action)
                .setHorizonMs(86_400_000L)
                .setSampleCount(10)
                .setReason("test")
                .setAt(at)
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
