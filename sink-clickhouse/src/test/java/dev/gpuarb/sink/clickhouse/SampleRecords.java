package dev.gpuarb.sink.clickhouse;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.avro.BidAction;
import dev.gpuarb.avro.Endpoint;
import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.HourOfDayStats;
import dev.gpuarb.avro.MarginDecision;
import dev.gpuarb.avro.MarginEvent;
import dev.gpuarb.avro.MarginTrigger;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RegionPriceStats;
import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.SelfHostEstimate;
import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.avro.TimeOfDayProfile;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.topics.Topic;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** Valid records of every sink topic, different for every index. */
public final class SampleRecords {

    /** Two days ago at midnight UTC: recent enough for every table's TTL, whole hours for OHLC checks. */
    public static final Instant BASE =
            Instant.now().truncatedTo(ChronoUnit.DAYS).minus(2, ChronoUnit.DAYS);

    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1"};

    private SampleRecords() {}

    public static SpecificRecord of(Topic topic, int i) {
        return switch (topic) {
            case GPU_PRICES ->
                gpuPrice(
                        i,
                        BASE.plusSeconds(60L * i),
                        "H100-80GB",
                        REGIONS[i % 3],
                        "aws",
                        PricingModel.SPOT,
                        2.0 + (i % 7) * 0.1);
            case TOKEN_PRICES -> tokenPrice(i);
            case REGIONAL_SPREADS -> spread(i);
            case TIME_OF_DAY_PROFILES -> profile(i);
            case LATENCY_SUMMARIES -> latency(i);
            case ROUTE_UPDATES -> route(i);
            case SPOT_BIDS -> bid(i);
            case ARBITRAGE_ALERTS -> alert(i);
            case REJECTED -> rejected(i);
            case TASK_MARGINS -> margin(i);
            default -> throw new IllegalArgumentException("not a sink topic: " + topic);
        };
    }

    public static GpuPriceObservation gpuPrice(
            int i, Instant at, String gpu, String region, String provider, PricingModel pricing, double usdPerGpuHour) {
        int gpus = 8;
        return GpuPriceObservation.newBuilder()
                .setOfferId(provider + "|" + region + "||p5.48xlarge|" + pricing)
                .setProvider(provider)
                .setRegion(region)
                .setZone(i % 2 == 0 ? null : region + "a")
                .setInstanceType("p5.48xlarge")
                .setGpuModel(gpu)
                .setGpuCount(gpus)
                .setGpuMemoryGb(80)
                .setPricingModel(pricing)
                .setUsdPerHour(usdPerGpuHour * gpus)
                .setUsdPerGpuHour(usdPerGpuHour)
                .setCurrency("USD")
                .setOriginalAmount(usdPerGpuHour * gpus)
                .setObservedAt(at)
                .setSource("test")
                .setComplianceTags(List.of("soc2"))
                .setAttributes(Map.of("seq", Integer.toString(i)))
                .build();
    }

    static TokenPriceObservation tokenPrice(int i) {
        return TokenPriceObservation.newBuilder()
                .setOfferId("openai|gpt-4o|")
                .setProvider("openai")
                .setModel("gpt-4o")
                .setProviderModelId("gpt-4o")
                .setRegion(null)
                .setUsdPerMillionInput(2.5 + i * 0.01)
                .setUsdPerMillionOutput(10.0)
                .setUsdPerMillionCachedInput(i % 2 == 0 ? 1.25 : null)
                .setMaxInputTokens(128_000L)
                .setObservedAt(BASE.plusSeconds(60L * i))
                .setSource("test")
                .setTags(List.of("batch"))
                .build();
    }

    static RegionalSpread spread(int i) {
        return RegionalSpread.newBuilder()
                .setKind(WorkloadKind.GPU_HOURS)
                .setProduct("H100-80GB")
                .setPricingModel(PricingModel.ON_DEMAND)
                .setPriceUnit("USD/GPU-hour")
                .setWindowStart(BASE.plusSeconds(3600L * i))
                .setWindowEnd(BASE.plusSeconds(3600L * (i + 1)))
                .setRegions(List.of(
                        new RegionPriceStats("us-west-2", "aws", 3.0, 3.2, 3.1, 4),
                        new RegionPriceStats("us-east-1", "aws", 3.5 + i * 0.01, 3.9, 3.7, 4)))
                .setCheapestRegion("us-west-2")
                .setCheapestProvider("aws")
                .setCheapestPrice(3.0)
                .setDearestRegion("us-east-1")
                .setDearestProvider("aws")
                .setDearestPrice(3.5 + i * 0.01)
                .setSpreadPct((0.5 + i * 0.01) / 3.0 * 100)
                .setOfferCount(2)
                .build();
    }

    static TimeOfDayProfile profile(int i) {
        return TimeOfDayProfile.newBuilder()
                .setGpuModel("H100-80GB")
                .setPricingModel(PricingModel.SPOT)
                .setRegion(REGIONS[i % 3])
                .setPriceUnit("USD/GPU-hour")
                .setHorizonStart(BASE)
                .setHorizonEnd(BASE.plusSeconds(7 * 86400L))
                .setDailyMean(1.5)
                .setHours(List.of(new HourOfDayStats(2, 1.2, 10, -20.0), new HourOfDayStats(14, 1.8, 12, 20.0)))
                .setCheapestHourUtc(2)
                .setCheapestVsDailyMeanPct(-20.0)
                .setComputedAt(BASE.plusSeconds(60L * i))
                .build();
    }

    static EndpointLatencySummary latency(int i) {
        return EndpointLatencySummary.newBuilder()
                .setEndpointId("openai|gpt-4o|")
                .setWindowStart(BASE.plusSeconds(60L * i))
                .setWindowEnd(BASE.plusSeconds(60L * (i + 1)))
                .setRequestCount(100)
                .setErrorCount(i % 3)
                .setErrorRate((i % 3) / 100.0)
                .setP50Ms(300 + i)
                .setP99Ms(900 + i)
                .setSketch(i % 2 == 0 ? ByteBuffer.wrap(new byte[] {1, 2, (byte) i}) : null)
                .build();
    }

    public static Endpoint endpoint(String provider, String region, double unused) {
        return new Endpoint(
                provider + "|" + region + "||p5.48xlarge|ON_DEMAND",
                WorkloadKind.GPU_HOURS,
                provider,
                region,
                null,
                "p5.48xlarge",
                PricingModel.ON_DEMAND);
    }

    /** The figures of a chosen offer that self-hosts a TOKENS route's model. */
    static SelfHostEstimate selfHost() {
        return SelfHostEstimate.newBuilder()
                .setModel("llama-3.1-70b-instruct")
                .setWeights("BF16")
                .setGpus(8)
                .setTensorParallel(2)
                .setCopies(4)
                .setConcurrency(16)
                .setContextTokens(4096)
                .setOutputTokensPerSecond(2400.5)
                .setPrefillTokensPerSecond(50000.0)
                .setPerSequenceTokensPerSecond(150.03)
                .setUsdPerInstanceHour(24.0)
                .setDecodeLimit("MEMORY_BANDWIDTH")
                .build();
    }

    static RouteUpdate route(int i) {
        RouteCandidate chosen =
                new RouteCandidate(endpoint("aws", "us-west-2", 0), 3.0, 120.0, i % 3 == 1 ? selfHost() : null);
        RouteCandidate previous = new RouteCandidate(endpoint("aws", "us-east-1", 0), 3.5, null, null);
        boolean routed = i % 5 != 0;
        return RouteUpdate.newBuilder()
                .setRouteId("batch-h100")
                .setStatus(routed ? RouteStatus.ROUTED : RouteStatus.NO_ROUTE)
                .setChosen(routed ? chosen : null)
                .setAlternatives(routed ? List.of(previous) : List.of())
                .setPriceUnit("USD/GPU-hour")
                .setReason("cheaper endpoint beyond hysteresis")
                .setPrevious(routed ? previous : null)
                .setSavingPerUnit(routed ? 0.5 : null)
                .setSavingPct(routed ? 0.5 / 3.5 * 100 : null)
                .setDecidedAt(BASE.plusSeconds(60L * i))
                .build();
    }

    static SpotBid bid(int i) {
        return SpotBid.newBuilder()
                .setOfferId("aws|us-east-1|us-east-1a|p5.48xlarge|SPOT")
                .setProvider("aws")
                .setRegion("us-east-1")
                .setZone("us-east-1a")
                .setInstanceType("p5.48xlarge")
                .setGpuModel("H100-80GB")
                .setSpotUsdPerHour(20.0 + i * 0.1)
                .setRecommendedMaxBidUsdPerHour(24.0)
                .setPercentile(90)
                .setMarginPct(5)
                .setOnDemandUsdPerHour(i % 2 == 0 ? 98.3 : null)
                .setCappedAtOnDemand(false)
                .setAction(BidAction.BID)
                .setHorizonMs(7 * 86_400_000L)
                .setSampleCount(100)
                .setReason("spot within the usual range")
                .setAt(BASE.plusSeconds(60L * i))
                .build();
    }

    static ArbitrageAlert alert(int i) {
        return ArbitrageAlert.newBuilder()
                .setAlertId("alert-" + i)
                .setGpuModel("H100-80GB")
                .setPricingModel(PricingModel.ON_DEMAND)
                .setCheapRegion("us-west-2")
                .setCheapProvider("aws")
                .setCheapOfferId("aws|us-west-2||p5|ON_DEMAND")
                .setCheapUsdPerGpuHour(3.0)
                .setDearRegion("us-east-1")
                .setDearProvider("aws")
                .setDearOfferId("aws|us-east-1||p5|ON_DEMAND")
                .setDearUsdPerGpuHour(4.0)
                .setSpreadPct(25.0)
                .setThresholdPct(10.0)
                .setAt(BASE.plusSeconds(60L * i))
                .build();
    }

    static RejectedRecord rejected(int i) {
        return RejectedRecord.newBuilder()
                .setSource("skypilot-catalog")
                .setReason(i % 2 == 0 ? "NEGATIVE_PRICE" : "MISSING_FIELD")
                .setDetail("price was -1")
                .setRawExcerpt("{\"price\": -1}")
                .setLocation(i % 2 == 0 ? "file:" + i : null)
                .setRejectedAt(BASE.plusSeconds(60L * i))
                .build();
    }

    static MarginEvent margin(int i) {
        boolean routed = i % 4 != 0;
        double offered = 0.02;
        double cost = 0.008 + i * 0.0001;
        Endpoint e = new Endpoint(
                "together|llama-3.1-70b|", WorkloadKind.TOKENS, "together", null, null, "llama-3.1-70b", null);
        return MarginEvent.newBuilder()
                .setQuoteId("q-" + i)
                .setTaskType(i % 2 == 0 ? "summarise" : "classify")
                .setRouteId("chat")
                .setDecision(
                        routed && (offered - cost) / offered * 100 >= 20
                                ? MarginDecision.ACCEPT
                                : MarginDecision.REJECT)
                .setTrigger(i % 3 == 0 ? MarginTrigger.ROUTE_CHANGED : MarginTrigger.QUOTE)
                .setReason(routed ? "margin against minimum" : "no route: nothing eligible")
                .setOfferedUsd(offered)
                .setMinMarginPct(20)
                .setWorkCostUsd(routed ? cost * 0.9 : null)
                .setValidationCostUsd(routed ? cost * 0.1 : null)
                .setCostUsd(routed ? cost : null)
                .setMarginUsd(routed ? offered - cost : null)
                .setMarginPct(routed ? (offered - cost) / offered * 100 : null)
                .setEndpoint(routed ? e : null)
                .setUsdPerMillionInput(routed ? 0.9 : null)
                .setUsdPerMillionOutput(routed ? 0.9 : null)
                .setUsdPerGpuHour(null)
                .setQuotedAt(BASE.plusSeconds(60L * i))
                .setPricedAt(BASE.plusSeconds(60L * i))
                .build();
    }
}
