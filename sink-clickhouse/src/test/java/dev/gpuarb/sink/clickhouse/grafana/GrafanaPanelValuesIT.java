package dev.gpuarb.sink.clickhouse.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.query.GenericRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.avro.BidAction;
import dev.gpuarb.avro.Endpoint;
import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.HourOfDayStats;
import dev.gpuarb.avro.MarginDecision;
import dev.gpuarb.avro.MarginEvent;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.avro.TimeOfDayProfile;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.sink.clickhouse.SampleRecords;
import dev.gpuarb.sink.clickhouse.Seeder;
import dev.gpuarb.sink.clickhouse.TestClickHouse;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.state.ClickHouseStateStore;
import dev.gpuarb.sink.clickhouse.state.PartitionState;
import dev.gpuarb.sink.clickhouse.state.Phase;
import dev.gpuarb.topics.Topic;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every panel of the dashboards in grafana/dashboards, expanded as Grafana expands it, returns over a
 * small deliberate data set exactly the values worked out here in Java from the same seeded records:
 * a few offers in three regions over two hours (a price change, a withdrawal, a validUntil), a
 * spread and a profile outside the selections, routes that change and lose their route, spot bids
 * with and without an on-demand price, rejects, margins and the sink's progress.
 */
class GrafanaPanelValuesIT {

    private static final Path GRAFANA = Path.of(System.getProperty("gpuarb.grafana.dir", "../grafana"));
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Panels whose values another test checks, with the reason they are not worked out here. */
    private static final Map<String, String> CHECKED_ELSEWHERE = Map.of(
            "Self-hosting: cheapest GPU offers vs the cheapest API (USD per 1M tokens)",
            "tokens/s of the throughput model: SelfHostEconomicsIT runs the panel against figures worked out with it",
            "Self-hosting break-even: cheapest GPU offer vs API by concurrency",
            "tokens/s of the throughput model: SelfHostEconomicsIT runs the panel against figures worked out with it");

    /** Midnight UTC two days ago: every seeded time but the recent request counts is T0 + minutes. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(2, ChronoUnit.DAYS);

    private static final Duration BUCKET = Duration.ofHours(1);
    private static final String SOURCE = "panel-test";

    private static ClickHouseGateway ch;
    private static GrafanaMacros macros;
    private static Instant insertedFrom;
    private static Instant insertedTo;

    private static final List<GpuPriceObservation> GPU = new ArrayList<>();
    private static final List<TokenPriceObservation> TOKENS = new ArrayList<>();
    private static final List<RegionalSpread> SPREADS = new ArrayList<>();
    private static final List<TimeOfDayProfile> PROFILES = new ArrayList<>();
    private static final List<EndpointLatencySummary> LATENCY = new ArrayList<>();
    private static final List<RouteUpdate> ROUTES = new ArrayList<>();
    private static final List<SpotBid> BIDS = new ArrayList<>();
    private static final List<ArbitrageAlert> ALERTS = new ArrayList<>();
    private static final List<RejectedRecord> REJECTED = new ArrayList<>();
    private static final List<MarginEvent> MARGINS = new ArrayList<>();
    private static final List<PartitionState> SINK_STATES = new ArrayList<>();

    private static Instant at(int minutes) {
        return T0.plus(minutes, ChronoUnit.MINUTES);
    }

    @BeforeAll
    static void seed() {
        ch = TestClickHouse.migratedDatabase("panel_values");
        seedPrices();
        seedAnalytics();
        seedRoutes();
        seedBids();
        seedPipeline();
        insertedFrom = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Seeder.insert(ch, Topic.GPU_PRICES, GPU);
        Seeder.insert(ch, Topic.TOKEN_PRICES, TOKENS);
        Seeder.insert(ch, Topic.REGIONAL_SPREADS, SPREADS);
        Seeder.insert(ch, Topic.TIME_OF_DAY_PROFILES, PROFILES);
        Seeder.insert(ch, Topic.LATENCY_SUMMARIES, LATENCY);
        Seeder.insert(ch, Topic.ROUTE_UPDATES, ROUTES);
        Seeder.insert(ch, Topic.SPOT_BIDS, BIDS);
        Seeder.insert(ch, Topic.ARBITRAGE_ALERTS, ALERTS);
        Seeder.insert(ch, Topic.REJECTED, REJECTED);
        Seeder.insert(ch, Topic.TASK_MARGINS, MARGINS);
        insertedTo = Instant.now().plusSeconds(1);
        ClickHouseStateStore state = new ClickHouseStateStore(ch, "sink");
        SINK_STATES.forEach(state::write);
        macros = new GrafanaMacros(T0.minus(1, ChronoUnit.DAYS), Instant.now().plus(5, ChronoUnit.DAYS), BUCKET);
    }

    @AfterAll
    static void close() {
        ch.close();
    }

    /**
     * Three GPU offers: A (aws us-east-1 H100 spot) at 2.0 then 3.0; B (gcp europe-west4 H100 on-demand)
     * at 4.0 with a validUntil 30 minutes on; C (aws us-west-2 A100 spot) at 1.0, then withdrawn. The
     * withdrawal is the source's newest row, so A's last price holds until it.
     */
    private static void seedPrices() {
        GPU.add(gpu(at(0), "H100-80GB", "us-east-1", "aws", PricingModel.SPOT, 2.0, null, false));
        GPU.add(gpu(at(30), "H100-80GB", "us-east-1", "aws", PricingModel.SPOT, 3.0, null, false));
        GPU.add(gpu(at(15), "H100-80GB", "europe-west4", "gcp", PricingModel.ON_DEMAND, 4.0, at(45), false));
        GPU.add(gpu(at(60), "A100-80GB", "us-west-2", "aws", PricingModel.SPOT, 1.0, null, false));
        GPU.add(gpu(at(90), "A100-80GB", "us-west-2", "aws", PricingModel.SPOT, 1.0, null, true));
        TOKENS.add(token("openai|gpt-4o|", "openai", "gpt-4o", 2.6, 10.0, null, at(0)));
        TOKENS.add(token("openai|gpt-4o|", "openai", "gpt-4o", 2.5, 10.0, 1.25, at(30)));
        // An open-weight model the self-hosting variables can offer.
        TOKENS.add(token(
                "together|meta-llama-3.1-70b-instruct-turbo|",
                "together",
                "meta-llama-3.1-70b-instruct-turbo",
                0.88,
                0.88,
                null,
                at(0)));
    }

    private static GpuPriceObservation gpu(
            Instant at,
            String gpu,
            String region,
            String provider,
            PricingModel pricing,
            double price,
            Instant validUntil,
            boolean withdrawn) {
        return GpuPriceObservation.newBuilder(SampleRecords.gpuPrice(0, at, gpu, region, provider, pricing, price))
                .setSource(SOURCE)
                .setValidUntil(validUntil)
                .setWithdrawn(withdrawn)
                .build();
    }

    private static TokenPriceObservation token(
            String offer, String provider, String model, double input, double output, Double cached, Instant at) {
        return TokenPriceObservation.newBuilder((TokenPriceObservation) SampleRecords.of(Topic.TOKEN_PRICES, 0))
                .setOfferId(offer)
                .setProvider(provider)
                .setModel(model)
                .setProviderModelId(model)
                .setUsdPerMillionInput(input)
                .setUsdPerMillionOutput(output)
                .setUsdPerMillionCachedInput(cached)
                .setObservedAt(at)
                .setSource(SOURCE)
                .build();
    }

    /**
     * Spreads of H100 in two windows of the first hour and one of the second, one of a GPU model no
     * price has (L4), one whose cheapest region no price has, one of tokens; profiles of which the
     * latest per key counts, one of them of a GPU model no price has.
     */
    private static void seedAnalytics() {
        SPREADS.add(spread(WorkloadKind.GPU_HOURS, "H100-80GB", PricingModel.ON_DEMAND, at(0), "us-east-1", 2.0, 20.0));
        SPREADS.add(
                spread(WorkloadKind.GPU_HOURS, "H100-80GB", PricingModel.ON_DEMAND, at(15), "europe-west4", 2.5, 30.0));
        SPREADS.add(spread(WorkloadKind.GPU_HOURS, "H100-80GB", PricingModel.SPOT, at(15), "us-east-1", 1.2, 5.0));
        SPREADS.add(spread(WorkloadKind.GPU_HOURS, "H100-80GB", PricingModel.SPOT, at(60), "us-east-1", 1.5, 10.0));
        SPREADS.add(spread(WorkloadKind.GPU_HOURS, "A100-80GB", PricingModel.SPOT, at(60), "ap-south-1", 0.9, 40.0));
        SPREADS.add(spread(WorkloadKind.GPU_HOURS, "L4", PricingModel.SPOT, at(0), "us-east-1", 0.5, 50.0));
        SPREADS.add(spread(WorkloadKind.TOKENS, "H100-80GB", PricingModel.ON_DEMAND, at(0), "us-east-1", 3.0, 60.0));

        PROFILES.add(profile("H100-80GB", PricingModel.SPOT, "us-east-1", at(0), Map.of(2, -10.0, 14, 10.0)));
        PROFILES.add(profile("H100-80GB", PricingModel.SPOT, "us-east-1", at(60), Map.of(2, -20.0, 14, 20.0)));
        PROFILES.add(profile("H100-80GB", PricingModel.ON_DEMAND, "us-east-1", at(30), Map.of(2, -30.0)));
        PROFILES.add(profile("A100-80GB", PricingModel.SPOT, "us-west-2", at(10), Map.of(5, 7.25)));
        PROFILES.add(profile("L4", PricingModel.SPOT, "us-east-1", at(10), Map.of(2, 99.0)));
    }

    private static RegionalSpread spread(
            WorkloadKind kind,
            String product,
            PricingModel pricing,
            Instant start,
            String cheapestRegion,
            double cheapest,
            double spreadPct) {
        return RegionalSpread.newBuilder((RegionalSpread) SampleRecords.of(Topic.REGIONAL_SPREADS, 0))
                .setKind(kind)
                .setProduct(product)
                .setPricingModel(pricing)
                .setWindowStart(start)
                .setWindowEnd(start.plus(1, ChronoUnit.HOURS))
                .setCheapestRegion(cheapestRegion)
                .setCheapestPrice(cheapest)
                .setSpreadPct(spreadPct)
                .build();
    }

    private static TimeOfDayProfile profile(
            String gpu, PricingModel pricing, String region, Instant computed, Map<Integer, Double> vsMean) {
        List<HourOfDayStats> hours = new TreeMap<>(vsMean)
                .entrySet().stream()
                        .map(e -> new HourOfDayStats(e.getKey(), 1.0, 5, e.getValue()))
                        .toList();
        return TimeOfDayProfile.newBuilder((TimeOfDayProfile) SampleRecords.of(Topic.TIME_OF_DAY_PROFILES, 0))
                .setGpuModel(gpu)
                .setPricingModel(pricing)
                .setRegion(region)
                .setHours(hours)
                .setComputedAt(computed)
                .build();
    }

    /**
     * Route r1 starts on aws us-east-1 at 3.0, moves to gcp europe-west4 at 2.5 (saving 0.5) after an hour
     * and loses its route two hours later; r2 saves 0.2 for an hour and a half, then settles on aws
     * us-west-2 at 1.8; r3 is on azure, a provider no price has; chat is a token route on gpt-4o at 5.0.
     * The gateways count requests at r1's endpoints while each is chosen and at gpt-4o recently.
     */
    private static void seedRoutes() {
        Endpoint east = SampleRecords.endpoint("aws", "us-east-1", 0);
        Endpoint europe = SampleRecords.endpoint("gcp", "europe-west4", 0);
        Endpoint west = SampleRecords.endpoint("aws", "us-west-2", 0);
        Endpoint azure = SampleRecords.endpoint("azure", "eastus", 0);
        Endpoint gpt = new Endpoint("openai|gpt-4o|", WorkloadKind.TOKENS, "openai", null, null, "gpt-4o", null);
        ROUTES.add(route("r1", at(0), east, 3.0, null, null, "new policy"));
        ROUTES.add(route("r1", at(60), europe, 2.5, east, 0.5, "cheaper endpoint beyond hysteresis"));
        ROUTES.add(route("r1", at(180), null, 0, europe, null, "nothing eligible"));
        ROUTES.add(route("r2", at(30), east, 3.0, west, 0.2, "cheaper endpoint beyond hysteresis"));
        ROUTES.add(route("r2", at(120), west, 1.8, east, null, "offer expired"));
        ROUTES.add(route("r3", at(45), azure, 5.0, null, null, "new policy"));
        ROUTES.add(route("chat", at(0), gpt, 5.0, null, null, "new policy"));

        LATENCY.add(requests(east.getOfferId(), at(10), 10));
        LATENCY.add(requests(europe.getOfferId(), at(80), 20));
        LATENCY.add(requests(europe.getOfferId(), at(130), 30));
        LATENCY.add(requests(europe.getOfferId(), at(200), 40)); // after r1 lost its route
        Instant recent = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        LATENCY.add(requests(gpt.getOfferId(), recent.minus(2, ChronoUnit.HOURS), 100));
        LATENCY.add(requests(gpt.getOfferId(), recent.minus(30, ChronoUnit.HOURS), 50)); // outside the 24 h lookback
    }

    private static RouteUpdate route(
            String id, Instant at, Endpoint chosen, double price, Endpoint previous, Double saving, String reason) {
        boolean tokens = chosen != null && chosen.getKind() == WorkloadKind.TOKENS;
        return RouteUpdate.newBuilder()
                .setRouteId(id)
                .setStatus(chosen == null ? RouteStatus.NO_ROUTE : RouteStatus.ROUTED)
                .setChosen(chosen == null ? null : new RouteCandidate(chosen, price, null, null))
                .setAlternatives(List.of())
                .setPriceUnit(tokens ? "USD/1M tokens" : "USD/GPU-hour")
                .setReason(reason)
                .setPrevious(previous == null ? null : new RouteCandidate(previous, 3.0, null, null))
                .setSavingPerUnit(saving)
                .setSavingPct(saving == null ? null : saving / 3.0 * 100)
                .setDecidedAt(at)
                .build();
    }

    private static EndpointLatencySummary requests(String endpoint, Instant start, long count) {
        return EndpointLatencySummary.newBuilder((EndpointLatencySummary) SampleRecords.of(Topic.LATENCY_SUMMARIES, 0))
                .setEndpointId(endpoint)
                .setWindowStart(start)
                .setWindowEnd(start.plus(1, ChronoUnit.MINUTES))
                .setRequestCount(count)
                .build();
    }

    /**
     * Spot bids of three offers; each offer's last bid has no on-demand price, so no bid that holds
     * until now is priced. The azure offer's provider is not a provider of any price.
     */
    private static void seedBids() {
        BIDS.add(bid("aws", "us-east-1", at(0), BidAction.BID, 20.0, 98.0));
        BIDS.add(bid("aws", "us-east-1", at(30), BidAction.BID, 22.0, 98.0));
        BIDS.add(bid("aws", "us-east-1", at(60), BidAction.USE_ON_DEMAND, 60.0, 98.0));
        BIDS.add(bid("aws", "us-east-1", at(120), BidAction.BID, 21.0, null));
        BIDS.add(bid("gcp", "europe-west4", at(0), BidAction.BID, 15.0, 40.0));
        BIDS.add(bid("gcp", "europe-west4", at(30), BidAction.HOLD, 16.0, 40.0));
        BIDS.add(bid("gcp", "europe-west4", at(60), BidAction.HOLD, 16.0, null));
        BIDS.add(bid("azure", "eastus", at(0), BidAction.BID, 30.0, 50.0));
        BIDS.add(bid("azure", "eastus", at(60), BidAction.BID, 31.0, null));
    }

    private static SpotBid bid(
            String provider, String region, Instant at, BidAction action, double spot, Double onDemand) {
        return SpotBid.newBuilder((SpotBid) SampleRecords.of(Topic.SPOT_BIDS, 0))
                .setOfferId(provider + "|" + region + "|" + region + "a|p5.48xlarge|SPOT")
                .setProvider(provider)
                .setRegion(region)
                .setZone(region + "a")
                .setGpuModel("H100-80GB")
                .setAction(action)
                .setSpotUsdPerHour(spot)
                .setRecommendedMaxBidUsdPerHour(spot * 1.2)
                .setOnDemandUsdPerHour(onDemand)
                .setAt(at)
                .build();
    }

    /** Alerts (one of a GPU model no price has), rejects of two sources, margins of two task types, sink progress. */
    private static void seedPipeline() {
        ALERTS.add(alert("a1", "H100-80GB", at(5), 25.0));
        ALERTS.add(alert("a2", "A100-80GB", at(65), 40.0));
        ALERTS.add(alert("a3", "L4", at(70), 50.0));
        REJECTED.add(rejected("skypilot-catalog", "NEGATIVE_PRICE", at(5), "file:a"));
        REJECTED.add(rejected("skypilot-catalog", "NEGATIVE_PRICE", at(10), null));
        REJECTED.add(rejected("azure-retail", "MISSING_FIELD", at(20), "page 2"));
        REJECTED.add(rejected("skypilot-catalog", "NEGATIVE_PRICE", at(70), "file:b"));
        MARGINS.add(margin("m1", "summarise", at(10), MarginDecision.ACCEPT, 0.014, "openai|gpt-4o|"));
        MARGINS.add(margin("m2", "summarise", at(40), MarginDecision.ACCEPT, 0.016, "openai|gpt-4o|"));
        MARGINS.add(margin("m3", "classify", at(20), MarginDecision.REJECT, null, null));
        MARGINS.add(margin("m4", "classify", at(65), MarginDecision.REJECT, 0.018, "openai|gpt-4o|"));
        SINK_STATES.add(new PartitionState("prices.gpu", 0, 0, 0, 4, Phase.BEFORE, ""));
        SINK_STATES.add(new PartitionState("prices.gpu", 0, 0, 5, 9, Phase.AFTER, ""));
        SINK_STATES.add(new PartitionState("prices.gpu", 1, 0, 0, 2, Phase.AFTER, ""));
    }

    private static ArbitrageAlert alert(String id, String gpu, Instant at, double spreadPct) {
        return ArbitrageAlert.newBuilder((ArbitrageAlert) SampleRecords.of(Topic.ARBITRAGE_ALERTS, 0))
                .setAlertId(id)
                .setGpuModel(gpu)
                .setSpreadPct(spreadPct)
                .setAt(at)
                .build();
    }

    private static RejectedRecord rejected(String source, String reason, Instant at, String location) {
        return RejectedRecord.newBuilder((RejectedRecord) SampleRecords.of(Topic.REJECTED, 0))
                .setSource(source)
                .setReason(reason)
                .setDetail(reason + " at " + at)
                .setLocation(location)
                .setRawExcerpt("{\"n\": " + at.getEpochSecond() + "}")
                .setRejectedAt(at)
                .build();
    }

    private static MarginEvent margin(
            String id, String task, Instant at, MarginDecision decision, Double cost, String offer) {
        double offered = 0.02;
        Endpoint endpoint =
                offer == null ? null : new Endpoint(offer, WorkloadKind.TOKENS, "openai", null, null, "gpt-4o", null);
        return MarginEvent.newBuilder((MarginEvent) SampleRecords.of(Topic.TASK_MARGINS, 1))
                .setQuoteId(id)
                .setTaskType(task)
                .setDecision(decision)
                .setOfferedUsd(offered)
                .setCostUsd(cost)
                .setMarginUsd(cost == null ? null : offered - cost)
                .setMarginPct(cost == null ? null : (offered - cost) / offered * 100)
                .setEndpoint(endpoint)
                .setReason(cost == null ? "no route: nothing eligible" : "margin against minimum")
                .setQuotedAt(at)
                .setPricedAt(at)
                .build();
    }

    // ---------------------------------------------------------------------------------------------
    // The answers, worked out from the seeded records.

    /** The rows a panel must show: its columns, in this order, and whether the order of rows is the panel's. */
    /**
     * The rows a panel must show: its columns, in this order; whether the order of rows is the panel's;
     * whether the last column is summed over rows alike in the others first (buckets of insert time).
     */
    private record Expected(List<String> columns, List<List<Object>> rows, boolean ordered, boolean summed) {}

    private static Expected unordered(List<String> columns, List<List<Object>> rows) {
        return new Expected(columns, rows, false, false);
    }

    private static Expected ordered(List<String> columns, List<List<Object>> rows) {
        return new Expected(columns, rows, true, false);
    }

    private static Instant bucket(Instant t) {
        long s = BUCKET.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), s) * s);
    }

    /** GPU models, providers and regions of the price table: what the dashboards' variables offer and select. */
    private static Set<String> gpuModels() {
        return GPU.stream().map(GpuPriceObservation::getGpuModel).collect(Collectors.toSet());
    }

    private static Set<String> providers() {
        return GPU.stream().map(GpuPriceObservation::getProvider).collect(Collectors.toSet());
    }

    private static Set<String> regions() {
        return GPU.stream().map(GpuPriceObservation::getRegion).collect(Collectors.toSet());
    }

    private static Map<String, Expected> expectations() {
        Map<String, Expected> e = new LinkedHashMap<>();
        e.put("Price board: latest USD per GPU-hour", priceBoard());
        e.put("Regional spread over time (dearest vs cheapest region, %)", spreadOverTime());
        e.put("Cheapest region price per window", cheapestPerWindow());
        e.put("Time of day: price vs daily mean (%) by UTC hour", timeOfDay());
        e.put("Hourly OHLC (USD per GPU-hour, mean over selected offers)", hourlyOhlc());
        e.put("Route changes", routeChanges());
        e.put("Realised savings (price unit x hours held)", realisedSavings());
        e.put("Spot bids against spot price (USD per instance-hour)", spotBidsOverTime());
        e.put("Spot bid actions", spotBidActions());
        e.put("Arbitrage alerts", arbitrageAlerts());
        e.put("Rows written by the sink", rowsWritten());
        e.put("Rejected records by reason", rejectedByReason());
        e.put("Rejected records: latest", rejectedLatest());
        e.put("Sink progress per partition", sinkProgress());
        e.put("Routing savings against the baseline (USD per hour)", routingSavings());
        e.put("Spot vs on-demand: following the bid recommendations", spotSavings());
        e.put("Caching what-if per token route", cacheSavings());
        e.put("Distillation break-even (million tokens per month)", distillation());
        e.put("Reserved-capacity break-even (utilisation)", reservedBreakEven());
        e.put("Task margins over time (%)", marginsOverTime());
        e.put("Task margins: latest per task type", latestMargins());
        return e;
    }

    private static Expected priceBoard() {
        Map<List<String>, GpuPriceObservation> latest = new HashMap<>();
        for (GpuPriceObservation p : GPU) {
            latest.merge(
                    List.of(
                            p.getGpuModel(),
                            p.getProvider(),
                            p.getRegion(),
                            p.getPricingModel().name()),
                    p,
                    (a, b) -> b.getObservedAt().isAfter(a.getObservedAt()) ? b : a);
        }
        List<List<Object>> rows = latest.values().stream()
                .sorted(Comparator.comparing((GpuPriceObservation p) -> p.getGpuModel())
                        .thenComparing(p -> p.getPricingModel().name())
                        .thenComparing(GpuPriceObservation::getUsdPerGpuHour))
                .map(p -> List.<Object>of(
                        p.getGpuModel(),
                        p.getProvider(),
                        p.getRegion(),
                        p.getPricingModel().name(),
                        p.getUsdPerGpuHour(),
                        p.getObservedAt()))
                .toList();
        return ordered(
                List.of("gpu_model", "provider", "region", "pricing_model", "usd_per_gpu_hour", "last_seen"), rows);
    }

    private static Stream<RegionalSpread> selectedGpuSpreads() {
        return SPREADS.stream()
                .filter(s ->
                        s.getKind() == WorkloadKind.GPU_HOURS && gpuModels().contains(s.getProduct()));
    }

    private static Expected spreadOverTime() {
        Map<List<Object>, Double> max = new HashMap<>();
        selectedGpuSpreads()
                .forEach(s -> max.merge(
                        List.of(bucket(s.getWindowStart()), s.getProduct() + " " + s.getPricingModel()),
                        s.getSpreadPct(),
                        Math::max));
        return unordered(List.of("time", "series", "spread_pct"), withValue(max));
    }

    private static Expected cheapestPerWindow() {
        Map<List<Object>, Double> min = new HashMap<>();
        selectedGpuSpreads()
                .filter(s -> regions().contains(s.getCheapestRegion()))
                .forEach(s -> min.merge(
                        List.of(bucket(s.getWindowStart()), s.getProduct() + " @ " + s.getCheapestRegion()),
                        s.getCheapestPrice(),
                        Math::min));
        return unordered(List.of("time", "series", "cheapest_price"), withValue(min));
    }

    private static Expected timeOfDay() {
        Map<List<String>, TimeOfDayProfile> latest = new HashMap<>();
        PROFILES.stream()
                .filter(p -> gpuModels().contains(p.getGpuModel()) && regions().contains(p.getRegion()))
                .forEach(p -> latest.merge(
                        List.of(p.getGpuModel(), p.getPricingModel().name(), p.getRegion()),
                        p,
                        (a, b) -> b.getComputedAt().isAfter(a.getComputedAt()) ? b : a));
        Map<List<Object>, List<Double>> cells = new TreeMap<>(
                Comparator.comparing((List<Object> k) -> (String) k.get(1)).thenComparing(k -> (Integer) k.get(0)));
        latest.values()
                .forEach(p -> p.getHours()
                        .forEach(h -> cells.computeIfAbsent(
                                        List.of(h.getHourUtc(), p.getRegion()), k -> new ArrayList<>())
                                .add(h.getVsDailyMeanPct())));
        List<List<Object>> rows = new ArrayList<>();
        cells.forEach((k, v) -> rows.add(List.of(
                k.get(0),
                k.get(1),
                BigDecimal.valueOf(v.stream()
                                .mapToDouble(Double::doubleValue)
                                .average()
                                .orElseThrow())
                        .setScale(2, RoundingMode.HALF_EVEN)
                        .doubleValue())));
        return ordered(List.of("hour_utc", "region", "vs_daily_mean_pct"), rows);
    }

    /** A price in effect over [from, to) of one offer; continues: it repeats the price before it while that one held. */
    private record Piece(String offer, double price, long from, long to, boolean continues) {}

    /**
     * Prices in effect per offer: a price holds until the offer's next row or its validUntil, the last
     * without one until the source's newest row; a withdrawal holds nothing. Then cut at the hours.
     */
    private static Expected hourlyOhlc() {
        long newest = GPU.stream()
                .mapToLong(p -> p.getObservedAt().toEpochMilli())
                .max()
                .orElseThrow();
        Map<String, List<GpuPriceObservation>> byOffer = GPU.stream()
                .filter(p -> gpuModels().contains(p.getGpuModel())
                        && providers().contains(p.getProvider())
                        && regions().contains(p.getRegion()))
                .sorted(Comparator.comparing(GpuPriceObservation::getObservedAt))
                .collect(Collectors.groupingBy(
                        GpuPriceObservation::getOfferId, LinkedHashMap::new, Collectors.toList()));
        List<Piece> pieces = new ArrayList<>();
        byOffer.forEach((offer, rows) -> {
            for (int i = 0; i < rows.size(); i++) {
                GpuPriceObservation p = rows.get(i);
                if (p.getWithdrawn()) {
                    continue;
                }
                long start = p.getObservedAt().toEpochMilli();
                long end = i + 1 < rows.size() ? rows.get(i + 1).getObservedAt().toEpochMilli() : newest;
                if (p.getValidUntil() != null) {
                    end = i + 1 < rows.size()
                            ? Math.min(end, p.getValidUntil().toEpochMilli())
                            : p.getValidUntil().toEpochMilli();
                }
                GpuPriceObservation before = i > 0 ? rows.get(i - 1) : null;
                boolean continues = before != null
                        && !before.getWithdrawn()
                        && before.getUsdPerGpuHour() == p.getUsdPerGpuHour()
                        && (before.getValidUntil() == null
                                || !before.getValidUntil().isBefore(p.getObservedAt()));
                for (long h = Math.floorDiv(start, 3_600_000L); h * 3_600_000L < end; h++) {
                    long from = Math.max(start, h * 3_600_000L);
                    pieces.add(new Piece(
                            offer,
                            p.getUsdPerGpuHour(),
                            from,
                            Math.min(end, (h + 1) * 3_600_000L),
                            continues && from == start));
                }
            }
        });
        Map<Long, Map<String, List<Piece>>> byHour = new TreeMap<>();
        pieces.forEach(p -> byHour.computeIfAbsent(Math.floorDiv(p.from(), 3_600_000L), h -> new LinkedHashMap<>())
                .computeIfAbsent(p.offer(), o -> new ArrayList<>())
                .add(p));
        List<List<Object>> rows = new ArrayList<>();
        byHour.forEach((hour, offers) -> {
            List<Double> opens = new ArrayList<>();
            List<Double> closes = new ArrayList<>();
            double high = Double.NEGATIVE_INFINITY;
            double low = Double.POSITIVE_INFINITY;
            long samples = 0;
            for (List<Piece> ps : offers.values()) {
                ps.sort(Comparator.comparingLong(Piece::from));
                opens.add(ps.get(0).price());
                closes.add(ps.get(ps.size() - 1).price());
                for (Piece p : ps) {
                    high = Math.max(high, p.price());
                    low = Math.min(low, p.price());
                    samples += !p.continues() || p.from() == hour * 3_600_000L ? 1 : 0;
                }
            }
            rows.add(List.of(Instant.ofEpochSecond(hour * 3600), mean(opens), high, low, mean(closes), samples));
        });
        return ordered(List.of("time", "open", "high", "low", "close", "samples"), rows);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static Expected routeChanges() {
        List<List<Object>> rows = ROUTES.stream()
                .filter(r -> r.getChosen() == null
                        || providers().contains(r.getChosen().getEndpoint().getProvider()))
                .sorted(Comparator.comparing(RouteUpdate::getDecidedAt).reversed())
                .map(r -> Arrays.<Object>asList(
                        r.getDecidedAt(),
                        r.getRouteId(),
                        r.getStatus().name(),
                        endpointText(r.getPrevious()),
                        endpointText(r.getChosen()),
                        r.getChosen() == null ? null : r.getChosen().getEffectivePrice(),
                        r.getSavingPerUnit(),
                        r.getSavingPct(),
                        r.getPriceUnit(),
                        r.getReason()))
                .toList();
        return ordered(
                List.of(
                        "decided_at",
                        "route_id",
                        "status",
                        "from_endpoint",
                        "to_endpoint",
                        "chosen_effective_price",
                        "saving_per_unit",
                        "saving_pct",
                        "price_unit",
                        "reason"),
                rows);
    }

    private static String endpointText(RouteCandidate c) {
        return c == null
                ? "- "
                : orDash(c.getEndpoint().getProvider()) + " "
                        + Objects.requireNonNullElse(c.getEndpoint().getRegion(), "");
    }

    /** Each decision with a saving holds until the route's next decision (none here holds until now). */
    private static Expected realisedSavings() {
        Map<List<Object>, Double> sums = new HashMap<>();
        for (RouteUpdate r : ROUTES) {
            if (r.getSavingPerUnit() == null) {
                continue;
            }
            Instant next = nextDecision(r).orElseThrow();
            double hours = Duration.between(r.getDecidedAt(), next).toSeconds() / 3600.0;
            sums.merge(List.of(bucket(r.getDecidedAt()), r.getRouteId()), r.getSavingPerUnit() * hours, Double::sum);
        }
        return unordered(List.of("time", "route_id", "realised_saving"), withValue(sums));
    }

    private static java.util.Optional<Instant> nextDecision(RouteUpdate r) {
        return ROUTES.stream()
                .filter(o -> o.getRouteId().equals(r.getRouteId())
                        && o.getDecidedAt().isAfter(r.getDecidedAt()))
                .map(RouteUpdate::getDecidedAt)
                .min(Comparator.naturalOrder());
    }

    private static Stream<SpotBid> selectedBids() {
        return BIDS.stream()
                .filter(b -> gpuModels().contains(b.getGpuModel())
                        && providers().contains(b.getProvider())
                        && regions().contains(b.getRegion()));
    }

    private static Expected spotBidsOverTime() {
        Map<Instant, List<SpotBid>> byTime = selectedBids().collect(Collectors.groupingBy(b -> bucket(b.getAt())));
        List<List<Object>> rows = new ArrayList<>();
        byTime.forEach((t, bids) -> {
            List<Double> onDemand = bids.stream()
                    .map(SpotBid::getOnDemandUsdPerHour)
                    .filter(Objects::nonNull)
                    .toList();
            rows.add(Arrays.asList(
                    t,
                    mean(bids.stream().map(SpotBid::getSpotUsdPerHour).toList()),
                    mean(bids.stream()
                            .map(SpotBid::getRecommendedMaxBidUsdPerHour)
                            .toList()),
                    onDemand.isEmpty() ? null : mean(onDemand)));
        });
        return unordered(List.of("time", "spot_price", "recommended_max_bid", "on_demand_price"), rows);
    }

    private static Expected spotBidActions() {
        Map<String, List<SpotBid>> byAction =
                selectedBids().collect(Collectors.groupingBy(b -> b.getAction().name()));
        List<List<Object>> rows = byAction.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, List<SpotBid>> a) ->
                                a.getValue().size())
                        .reversed())
                .map(a -> List.<Object>of(
                        a.getKey(),
                        (long) a.getValue().size(),
                        BigDecimal.valueOf(mean(a.getValue().stream()
                                        .map(SpotBid::getSpotUsdPerHour)
                                        .toList()))
                                .setScale(4, RoundingMode.HALF_EVEN)
                                .doubleValue()))
                .toList();
        return ordered(List.of("action", "recommendations", "mean_spot_price"), rows);
    }

    private static Expected arbitrageAlerts() {
        List<List<Object>> rows = ALERTS.stream()
                .filter(a -> gpuModels().contains(a.getGpuModel()))
                .sorted(Comparator.comparing(ArbitrageAlert::getAt).reversed())
                .map(a -> List.<Object>of(
                        a.getAt(), a.getGpuModel(), a.getCheapRegion(), a.getDearRegion(), a.getSpreadPct()))
                .toList();
        return ordered(List.of("at", "gpu_model", "cheap_region", "dear_region", "spread_pct"), rows);
    }

    /** Every table's seeded rows, whatever insertion bucket they fell in. */
    private static Expected rowsWritten() {
        List<List<Object>> rows = new ArrayList<>();
        Map<String, Integer> seeded = new LinkedHashMap<>();
        seeded.put("gpu_prices", GPU.size());
        seeded.put("token_prices", TOKENS.size());
        seeded.put("regional_spreads", SPREADS.size());
        seeded.put("time_of_day_profiles", PROFILES.size());
        seeded.put("endpoint_latency", LATENCY.size());
        seeded.put("route_updates", ROUTES.size());
        seeded.put("spot_bids", BIDS.size());
        seeded.put("arbitrage_alerts", ALERTS.size());
        seeded.put("rejected_records", REJECTED.size());
        seeded.forEach((table, n) -> rows.add(List.of(table, (long) n)));
        return new Expected(List.of("target_table", "written_rows"), rows, false, true);
    }

    private static Expected rejectedByReason() {
        Map<List<Object>, Long> counts = REJECTED.stream()
                .collect(Collectors.groupingBy(
                        r -> List.<Object>of(bucket(r.getRejectedAt()), r.getSource() + ": " + r.getReason()),
                        Collectors.counting()));
        List<List<Object>> rows = new ArrayList<>();
        counts.forEach((k, n) -> rows.add(List.of(k.get(0), k.get(1), n)));
        return unordered(List.of("time", "series", "rejected"), rows);
    }

    private static Expected rejectedLatest() {
        List<List<Object>> rows = REJECTED.stream()
                .sorted(Comparator.comparing(RejectedRecord::getRejectedAt).reversed())
                .map(r -> Arrays.<Object>asList(
                        r.getRejectedAt(),
                        r.getSource(),
                        r.getReason(),
                        r.getDetail(),
                        r.getLocation(),
                        r.getRawExcerpt()))
                .toList();
        return ordered(List.of("rejected_at", "source", "reason", "detail", "location", "raw_excerpt"), rows);
    }

    /** The last write of each partition wins. */
    private static Expected sinkProgress() {
        Map<Integer, PartitionState> last = new TreeMap<>();
        SINK_STATES.forEach(s -> last.put(s.partition(), s));
        List<List<Object>> rows = last.values().stream()
                .map(s -> List.<Object>of(
                        "sink",
                        s.topic(),
                        (long) s.partition(),
                        s.maxOffset(),
                        s.phase().name()))
                .toList();
        return ordered(List.of("connector", "topic", "partition", "last_offset", "phase"), rows);
    }

    /**
     * Requests counted at the chosen endpoint while a decision holds (until the route's next decision,
     * or for ever), priced at the route's first price (the default baseline) and at the chosen price,
     * per GPU-second or token of the dashboard's defaults.
     */
    private static Expected routingSavings() {
        double gpuHoursPerRequest = 30 / 3600.0;
        double millionTokensPerRequest = 2000 / 1e6;
        Map<List<Object>, Double> savings = new HashMap<>();
        for (RouteUpdate r : ROUTES) {
            if (r.getChosen() == null) {
                continue;
            }
            double first = ROUTES.stream()
                    .filter(o -> o.getRouteId().equals(r.getRouteId()) && o.getChosen() != null)
                    .min(Comparator.comparing(RouteUpdate::getDecidedAt))
                    .orElseThrow()
                    .getChosen()
                    .getEffectivePrice();
            Instant until = nextDecision(r).orElse(Instant.MAX);
            Endpoint chosen = r.getChosen().getEndpoint();
            double units = chosen.getKind() == WorkloadKind.GPU_HOURS ? gpuHoursPerRequest : millionTokensPerRequest;
            for (EndpointLatencySummary l : LATENCY) {
                if (l.getEndpointId().equals(chosen.getOfferId())
                        && !l.getWindowStart().isBefore(r.getDecidedAt())
                        && l.getWindowStart().isBefore(until)) {
                    savings.merge(
                            List.of(l.getWindowStart().truncatedTo(ChronoUnit.HOURS), r.getRouteId()),
                            l.getRequestCount() * units * (first - r.getChosen().getEffectivePrice()),
                            Double::sum);
                }
            }
        }
        return unordered(List.of("time", "route_id", "saving_usd"), withValue(savings));
    }

    /** Each bid holds until the offer's next one; spot plus 10 % overhead while BID, else on-demand; unpriced bids left out. */
    private static Expected spotSavings() {
        Map<String, double[]> byOffer = new TreeMap<>();
        Map<String, SpotBid> any = new HashMap<>();
        for (SpotBid b : BIDS) {
            if (b.getOnDemandUsdPerHour() == null) {
                continue;
            }
            Instant next = BIDS.stream()
                    .filter(o ->
                            o.getOfferId().equals(b.getOfferId()) && o.getAt().isAfter(b.getAt()))
                    .map(SpotBid::getAt)
                    .min(Comparator.naturalOrder())
                    .orElseThrow();
            double hours = Duration.between(b.getAt(), next).toMillis() / 3_600_000.0;
            boolean spot = b.getAction() == BidAction.BID;
            double[] t = byOffer.computeIfAbsent(b.getOfferId(), o -> new double[4]);
            t[0] += hours;
            t[1] += spot ? hours : 0;
            t[2] += hours * b.getOnDemandUsdPerHour();
            t[3] += hours * (spot ? b.getSpotUsdPerHour() * 1.10 : b.getOnDemandUsdPerHour());
            any.put(b.getOfferId(), b);
        }
        List<List<Object>> rows = byOffer.entrySet().stream()
                .map(e -> {
                    double[] t = e.getValue();
                    SpotBid b = any.get(e.getKey());
                    return List.<Object>of(
                            e.getKey(),
                            b.getGpuModel(),
                            b.getRegion(),
                            t[0],
                            t[1],
                            t[2],
                            t[3],
                            t[2] - t[3],
                            (t[2] - t[3]) / t[2] * 100);
                })
                .sorted(Comparator.comparing((List<Object> row) -> (Double) row.get(7))
                        .reversed())
                .toList();
        return ordered(
                List.of(
                        "offer_id",
                        "gpu_model",
                        "region",
                        "hours",
                        "spot_hours",
                        "on_demand_cost_usd",
                        "followed_cost_usd",
                        "saving_usd",
                        "saving_pct"),
                rows);
    }

    private static RouteUpdate latestDecision(String route) {
        return ROUTES.stream()
                .filter(r -> r.getRouteId().equals(route))
                .max(Comparator.comparing(RouteUpdate::getDecidedAt))
                .orElseThrow();
    }

    private static List<String> routeIds() {
        return ROUTES.stream().map(RouteUpdate::getRouteId).distinct().sorted().toList();
    }

    private static boolean isKind(RouteUpdate r, WorkloadKind kind) {
        return r.getChosen() != null && r.getChosen().getEndpoint().getKind() == kind;
    }

    /** Token routes at their latest endpoint and its latest prices; requests of the last 24 h; defaults 0.4, 1,500 in, 300 out. */
    private static Expected cacheSavings() {
        Instant since = Instant.now().minus(24, ChronoUnit.HOURS);
        List<List<Object>> rows = new ArrayList<>();
        for (String id : routeIds()) {
            RouteUpdate r = latestDecision(id);
            if (!isKind(r, WorkloadKind.TOKENS)) {
                continue;
            }
            String offer = r.getChosen().getEndpoint().getOfferId();
            TokenPriceObservation p = TOKENS.stream()
                    .filter(t -> t.getOfferId().equals(offer))
                    .max(Comparator.comparing(TokenPriceObservation::getObservedAt))
                    .orElseThrow();
            long requests = LATENCY.stream()
                    .filter(l -> l.getEndpointId().equals(offer)
                            && l.getWindowStart().isAfter(since))
                    .mapToLong(EndpointLatencySummary::getRequestCount)
                    .sum();
            double cost = requests * (1500 * p.getUsdPerMillionInput() + 300 * p.getUsdPerMillionOutput()) / 1e6;
            double saving = p.getUsdPerMillionCachedInput() == null
                    ? 0
                    : requests * 1500 * 0.4 * (p.getUsdPerMillionInput() - p.getUsdPerMillionCachedInput()) / 1e6;
            rows.add(List.of(id, offer, (double) requests, cost, saving, saving / cost * 100, saving * 30));
        }
        return ordered(
                List.of(
                        "route_id",
                        "offer_id",
                        "requests",
                        "cost_usd",
                        "saving_usd",
                        "saving_pct",
                        "saving_usd_per_month"),
                rows);
    }

    /** Defaults: one-off 10,000 USD, distilled 1 USD per million, payback in 6 months. */
    private static Expected distillation() {
        List<List<Object>> rows = new ArrayList<>();
        for (String id : routeIds()) {
            RouteUpdate r = latestDecision(id);
            if (isKind(r, WorkloadKind.TOKENS)) {
                double current = r.getChosen().getEffectivePrice();
                rows.add(List.of(id, current, current - 1, 10_000 / (6 * (current - 1))));
            }
        }
        return ordered(
                List.of(
                        "route_id",
                        "current_usd_per_million",
                        "saving_per_million_usd",
                        "break_even_million_tokens_per_month"),
                rows);
    }

    /** Default: reserved at 2 USD per GPU-hour; GPU routes whose latest decision is a route. */
    private static Expected reservedBreakEven() {
        List<List<Object>> rows = new ArrayList<>();
        for (String id : routeIds()) {
            RouteUpdate r = latestDecision(id);
            if (isKind(r, WorkloadKind.GPU_HOURS)) {
                double current = r.getChosen().getEffectivePrice();
                rows.add(List.of(id, current, 2 / current * 100, 2 / current * 730, 2 / current <= 1));
            }
        }
        return ordered(
                List.of(
                        "route_id",
                        "current_usd_per_gpu_hour",
                        "break_even_utilisation_pct",
                        "break_even_gpu_hours_per_month",
                        "can_pay_off"),
                rows);
    }

    private static Expected marginsOverTime() {
        Map<List<Object>, List<Double>> byKey = new HashMap<>();
        MARGINS.stream()
                .filter(m -> m.getMarginPct() != null)
                .forEach(m -> byKey.computeIfAbsent(
                                List.of(bucket(m.getPricedAt()), m.getTaskType()), k -> new ArrayList<>())
                        .add(m.getMarginPct()));
        List<List<Object>> rows = new ArrayList<>();
        byKey.forEach((k, v) -> rows.add(List.of(k.get(0), k.get(1), mean(v))));
        return unordered(List.of("time", "task_type", "mean_margin_pct"), rows);
    }

    private static Expected latestMargins() {
        Map<String, MarginEvent> latest = new TreeMap<>();
        MARGINS.forEach(m ->
                latest.merge(m.getTaskType(), m, (a, b) -> b.getPricedAt().isAfter(a.getPricedAt()) ? b : a));
        List<List<Object>> rows = latest.values().stream()
                .map(m -> Arrays.<Object>asList(
                        m.getTaskType(),
                        m.getDecision().name(),
                        m.getMarginPct(),
                        m.getCostUsd(),
                        m.getOfferedUsd(),
                        m.getEndpoint() == null ? null : m.getEndpoint().getOfferId(),
                        m.getReason(),
                        m.getPricedAt()))
                .toList();
        return ordered(
                List.of(
                        "task_type",
                        "latest_decision",
                        "latest_margin_pct",
                        "latest_cost_usd",
                        "latest_offered_usd",
                        "endpoint",
                        "latest_reason",
                        "last_priced_at"),
                rows);
    }

    private static List<List<Object>> withValue(Map<List<Object>, Double> keyed) {
        List<List<Object>> rows = new ArrayList<>();
        keyed.forEach((k, v) -> {
            List<Object> row = new ArrayList<>(k);
            row.add(v);
            rows.add(row);
        });
        return rows;
    }

    // ---------------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> everyPanelShowsTheValuesWorkedOutFromTheSeededRecords() throws IOException {
        Map<String, Expected> expected = expectations();
        List<DynamicTest> tests = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (Path file : dashboards()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            Map<String, GrafanaMacros.Value> variables = DashboardVariables.resolve(ch, dashboard);
            for (JsonNode panel : dashboard.path("panels")) {
                String title = panel.path("title").asText();
                titles.add(title);
                if (CHECKED_ELSEWHERE.containsKey(title) || title.startsWith("Event time to ClickHouse")) {
                    continue;
                }
                for (JsonNode target : panel.path("targets")) {
                    tests.add(DynamicTest.dynamicTest(file.getFileName() + ": " + title, () -> {
                        assertThat(expected)
                                .as("an answer is worked out for panel '%s'", title)
                                .containsKey(title);
                        Expected want = expected.get(title);
                        assertThat(want.rows())
                                .as("the seed gives panel '%s' something to show", title)
                                .isNotEmpty();
                        List<GenericRecord> rows =
                                ch.query(macros.expand(target.path("rawSql").asText(), variables));
                        List<List<String>> got = rows.stream()
                                .map(r -> want.columns().stream()
                                        .map(c -> text(value(r, c)))
                                        .toList())
                                .toList();
                        if (want.summed()) {
                            got = summedOverLastColumn(got);
                        }
                        List<List<String>> wanted = want.rows().stream()
                                .map(r -> r.stream()
                                        .map(GrafanaPanelValuesIT::text)
                                        .toList())
                                .toList();
                        if (want.ordered()) {
                            assertThat(got)
                                    .as("rows of '%s' (%s)", title, want.columns())
                                    .containsExactlyElementsOf(wanted);
                        } else {
                            assertThat(got)
                                    .as("rows of '%s' (%s)", title, want.columns())
                                    .containsExactlyInAnyOrderElementsOf(wanted);
                        }
                    }));
                }
            }
        }
        tests.add(DynamicTest.dynamicTest(
                "pipeline-health.json: Event time to ClickHouse, p95 seconds",
                GrafanaPanelValuesIT::lagLiesBetweenTheInsertTimes));
        assertThat(expected.keySet()).as("answers for panels that exist").isSubsetOf(titles);
        assertThat(titles)
                .as("every panel is checked here or elsewhere")
                .allMatch(t -> expected.containsKey(t)
                        || CHECKED_ELSEWHERE.containsKey(t)
                        || t.startsWith("Event time to ClickHouse"));
        return tests.stream();
    }

    /**
     * The lag panel measures against the insert time, which only ClickHouse knows: each table's p95
     * lies between the smallest and the largest lag its rows can have, given when the inserts ran.
     */
    private static void lagLiesBetweenTheInsertTimes() throws IOException {
        JsonNode dashboard =
                JSON.readTree(GRAFANA.resolve("dashboards/pipeline-health.json").toFile());
        String sql = "";
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("title").asText().startsWith("Event time to ClickHouse")) {
                sql = panel.path("targets").get(0).path("rawSql").asText();
            }
        }
        Map<String, List<Instant>> eventTimes = Map.of(
                "gpu_prices",
                        GPU.stream().map(GpuPriceObservation::getObservedAt).toList(),
                "token_prices",
                        TOKENS.stream()
                                .map(TokenPriceObservation::getObservedAt)
                                .toList(),
                "route_updates", ROUTES.stream().map(RouteUpdate::getDecidedAt).toList(),
                "spot_bids", BIDS.stream().map(SpotBid::getAt).toList());
        Map<String, Double> lags = new TreeMap<>();
        for (GenericRecord r : ch.query(macros.expand(sql, Map.of()))) {
            lags.merge(r.getString("target_table"), r.getDouble("lag_seconds"), Math::max);
        }
        assertThat(lags.keySet()).containsExactlyInAnyOrderElementsOf(eventTimes.keySet());
        eventTimes.forEach((table, times) -> {
            double least = Duration.between(
                                    times.stream()
                                            .max(Comparator.naturalOrder())
                                            .orElseThrow(),
                                    insertedFrom)
                            .toMillis()
                    / 1000.0;
            double most = Duration.between(
                                    times.stream()
                                            .min(Comparator.naturalOrder())
                                            .orElseThrow(),
                                    insertedTo)
                            .toMillis()
                    / 1000.0;
            assertThat(lags.get(table)).as("p95 lag of %s", table).isBetween(least - 1, most);
        });
    }

    private static List<List<String>> summedOverLastColumn(List<List<String>> rows) {
        Map<List<String>, BigDecimal> sums = new LinkedHashMap<>();
        rows.forEach(r -> sums.merge(r.subList(0, r.size() - 1), new BigDecimal(r.get(r.size() - 1)), BigDecimal::add));
        List<List<String>> out = new ArrayList<>();
        sums.forEach((k, v) -> {
            List<String> row = new ArrayList<>(k);
            row.add(text(v));
            out.add(row);
        });
        return out;
    }

    private static Object value(GenericRecord row, String column) {
        return row.getValues().get(column);
    }

    /** One text for a value from ClickHouse or from the answer: numbers to 6 decimals, times as instants. */
    private static String text(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof Number n) {
            BigDecimal d = new BigDecimal(n.toString())
                    .setScale(6, RoundingMode.HALF_EVEN)
                    .stripTrailingZeros();
            return d.signum() == 0 ? "0" : d.toPlainString();
        }
        if (v instanceof ZonedDateTime z) {
            return z.toInstant().toString();
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant().toString();
        }
        if (v instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC).toString();
        }
        return v.toString();
    }

    private static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }
}
