package dev.gpuarb.streams.routing;

import static dev.gpuarb.streams.Fixtures.gpuInstance;
import static dev.gpuarb.streams.Fixtures.minutes;
import static dev.gpuarb.streams.Fixtures.tokenPolicy;
import static dev.gpuarb.streams.Fixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.SelfHostEstimate;
import dev.gpuarb.avro.SelfHostPolicy;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.throughput.Deployment;
import dev.gpuarb.throughput.InstanceThroughput;
import dev.gpuarb.throughput.KnownModel;
import dev.gpuarb.throughput.KnownModels;
import dev.gpuarb.throughput.MeasuredThroughputCsv;
import dev.gpuarb.throughput.ThroughputModel;
import dev.gpuarb.throughput.ThroughputOverrides;
import dev.gpuarb.vocab.GpuModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TOKENS route that allows self-hosting, in the production topology: GPU offers priced per token from
 * the throughput model compete with API offers. The instance figures come from the throughput library
 * (calibrated and tested on its own); the price per token, the blend, which offer wins and when the route
 * switches are worked out here.
 */
class SelfHostRouteTest {

    private static final String MODEL = "llama-3.1-70b-instruct";
    private static final int CONCURRENCY = 16;
    private static final int CONTEXT = 2048;
    private static final double RATIO = 3.0;
    private static final double API_IN = 0.6;
    private static final double API_OUT = 0.9;
    /** The API offer's blended price, (3 x 0.6 + 0.9) / 4. */
    private static final double API_BLENDED = (RATIO * API_IN + API_OUT) / (RATIO + 1);

    private Pipeline p;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start(Map.of(AppConfig.GRACE_MS, "0"));
    }

    @AfterEach
    void stop() {
        p.close();
        SelfHosting.use(ThroughputOverrides.none()); // the model is process-wide: leave it as other tests expect
    }

    private static Optional<InstanceThroughput> figures(String gpuModel, int gpus) {
        KnownModel known = KnownModels.byName(MODEL).orElseThrow();
        Deployment instance = Deployment.of(
                known.shape(),
                known.publishedWeights(),
                GpuModels.byCanonicalName(gpuModel).orElseThrow(),
                gpus);
        return InstanceThroughput.best(new ThroughputModel(), instance, CONCURRENCY, CONTEXT);
    }

    /** USD per 1M tokens at 3 prompt tokens per output token on an instance costing {@code usdPerHour}. */
    private static double perMillion(InstanceThroughput t, double usdPerHour) {
        double secondsPerOutputToken = 1 / t.decodeTokensPerSecond()
                + RATIO / t.prefillTokensPerSecond().getAsDouble();
        double tokensPerHour = (1 + RATIO) / secondsPerOutputToken * 3600;
        return usdPerHour / tokensPerHour * 1_000_000;
    }

    /** The hourly instance price at which the instance costs {@code usdPerMillion} per million blended tokens. */
    private static double hourlyFor(InstanceThroughput t, double usdPerMillion) {
        return usdPerMillion / perMillion(t, 1.0);
    }

    private GpuPriceObservation gpuOffer(
            String provider, String gpuModel, int memory, int gpus, PricingModel pm, double usdPerHour, long minute) {
        GpuPriceObservation o = gpuInstance(
                        provider,
                        "us-east-1",
                        gpuModel.toLowerCase() + "x" + gpus,
                        pm,
                        gpus,
                        usdPerHour,
                        minutes(minute))
                .setGpuModel(gpuModel)
                .setGpuMemoryGb(memory)
                .build();
        p.send(o);
        return o;
    }

    private RoutePolicy.Builder policy(long minute, double minTokPerSeq) {
        return tokenPolicy("chat-70b", MODEL, minutes(minute))
                .setInputOutputRatio(RATIO)
                .setHysteresisPct(5.0)
                .setSelfHost(SelfHostPolicy.newBuilder()
                        .setConcurrency(CONCURRENCY)
                        .setContextTokens(CONTEXT)
                        .setMinOutputTokensPerSecond(minTokPerSeq)
                        .build());
    }

    @Test
    void aCheapSpotInstanceWinsWhileItBeatsTheApiAndTheRouteSwitchesBackWithHysteresis() {
        InstanceThroughput h200x2 = figures("H200", 2).orElseThrow();
        InstanceThroughput l4x8 = figures("L4", 8).orElseThrow();
        // The scenario's premises, from the library: one H200 cannot hold 70B in bf16; eight L4s can but
        // are slow; the minimum speed sits between the two.
        assertThat(figures("H200", 1)).isEmpty();
        double minPerSequence = (h200x2.perSequenceTokensPerSecond() + l4x8.perSequenceTokensPerSecond()) / 2;
        assertThat(l4x8.perSequenceTokensPerSecond()).isLessThan(minPerSequence);

        p.send(tokens("together", MODEL, null, API_IN, API_OUT, minutes(0)).build());
        GpuPriceObservation spot =
                gpuOffer("neocloud", "H200", 141, 2, PricingModel.SPOT, hourlyFor(h200x2, 0.8 * API_BLENDED), 0);
        gpuOffer("neocloud", "H200", 141, 1, PricingModel.SPOT, 0.01, 0); // nearly free, but cannot hold the model
        gpuOffer("budget", "L4", 24, 8, PricingModel.ON_DEMAND, 0.01, 0); // nearly free, but too slow per sequence
        p.send(policy(1, minPerSequence).build());

        RouteUpdate first = p.routes.readValue();
        assertThat(first.getStatus()).isEqualTo(RouteStatus.ROUTED);
        RouteCandidate chosen = first.getChosen();
        assertThat(chosen.getEndpoint().getOfferId()).isEqualTo(spot.getOfferId());
        assertThat(chosen.getEndpoint().getKind()).isEqualTo(WorkloadKind.GPU_HOURS);
        assertThat(chosen.getEffectivePrice()).isCloseTo(0.8 * API_BLENDED, within(1e-9));
        SelfHostEstimate served = chosen.getSelfHost();
        assertThat(served.getModel()).isEqualTo(MODEL);
        assertThat(served.getConcurrency()).isEqualTo(CONCURRENCY);
        assertThat(served.getContextTokens()).isEqualTo(CONTEXT);
        assertThat(served.getGpus()).isEqualTo(2);
        assertThat(served.getOutputTokensPerSecond()).isEqualTo(h200x2.decodeTokensPerSecond());
        assertThat(served.getPerSequenceTokensPerSecond()).isGreaterThanOrEqualTo(minPerSequence);
        assertThat(served.getUsdPerInstanceHour()).isCloseTo(spot.getUsdPerHour(), within(1e-9));
        assertThat(first.getPriceUnit()).contains("blended 3:1");
        // Only the API offer is left beside it: the two cheap instances cannot serve the route.
        assertThat(first.getAlternatives())
                .extracting(c -> c.getEndpoint().getProvider())
                .containsExactly("together");
        assertThat(first.getAlternatives().get(0).getSelfHost()).isNull();
        assertThat(first.getAlternatives().get(0).getEffectivePrice()).isCloseTo(API_BLENDED, within(1e-12));

        // The spot price rises to 3 % above the API: within the 5 % hysteresis, the route stays.
        gpuOffer("neocloud", "H200", 141, 2, PricingModel.SPOT, hourlyFor(h200x2, 1.03 * API_BLENDED), 2);
        assertThat(p.routes.isEmpty()).isTrue();

        // 20 % above the API: the API is 16.7 % cheaper, past the hysteresis, so the route goes back to it.
        gpuOffer("neocloud", "H200", 141, 2, PricingModel.SPOT, hourlyFor(h200x2, 1.2 * API_BLENDED), 3);
        RouteUpdate back = p.routes.readValue();
        assertThat(back.getChosen().getEndpoint().getProvider()).isEqualTo("together");
        assertThat(back.getChosen().getSelfHost()).isNull();
        assertThat(back.getPrevious().getEndpoint().getOfferId()).isEqualTo(spot.getOfferId());
        assertThat(back.getPrevious().getEffectivePrice()).isCloseTo(1.2 * API_BLENDED, within(1e-9));
        assertThat(back.getReason()).startsWith("cheaper endpoint");
        assertThat(back.getSavingPct()).isCloseTo((1.2 - 1) / 1.2 * 100, within(1e-6));
    }

    @Test
    void withNothingEligibleTheRouteSaysWhichInstancesCannotServe() {
        InstanceThroughput l4x8 = figures("L4", 8).orElseThrow();
        gpuOffer("neocloud", "H200", 141, 1, PricingModel.SPOT, 2.0, 0);
        gpuOffer("budget", "L4", 24, 8, PricingModel.ON_DEMAND, 4.0, 0);
        gpuOffer("oldcloud", "T4", 16, 4, PricingModel.ON_DEMAND, 1.0, 0); // no datasheet figures for the T4
        p.send(policy(1, l4x8.perSequenceTokensPerSecond() * 1.5).build());

        RouteUpdate update = p.routes.readValue();
        assertThat(update.getStatus()).isEqualTo(RouteStatus.NO_ROUTE);
        assertThat(update.getReason())
                .contains("3 offers of model " + MODEL)
                .contains("1 " + SelfHosting.CANNOT_HOLD)
                .contains("1 " + SelfHosting.TOO_SLOW)
                .contains("1 " + SelfHosting.NO_THROUGHPUT);
    }

    @Test
    void filtersApplyToSelfHostedOffersAsToApis() {
        InstanceThroughput h200x2 = figures("H200", 2).orElseThrow();
        p.send(tokens("together", MODEL, null, API_IN, API_OUT, minutes(0)).build());
        gpuOffer("neocloud", "H200", 141, 2, PricingModel.SPOT, hourlyFor(h200x2, 0.5 * API_BLENDED), 0);
        RoutePolicy.Builder onDemandOnly = policy(1, 1.0);
        onDemandOnly.getSelfHost().setPricingModels(List.of(PricingModel.ON_DEMAND));
        p.send(onDemandOnly.build());
        assertThat(p.routes.readValue().getChosen().getEndpoint().getProvider()).isEqualTo("together");

        // The ceiling in USD per 1M tokens applies to the self-hosted price too.
        p.send(policy(2, 1.0).setMaxPrice(0.4 * API_BLENDED).build());
        RouteUpdate capped = p.routes.readValue();
        assertThat(capped.getStatus()).isEqualTo(RouteStatus.NO_ROUTE);
        assertThat(capped.getReason()).contains("2 " + Eligibility.OVER_PRICE);

        p.send(policy(3, 1.0).setExcludedProviders(List.of("together")).build());
        RouteUpdate noApi = p.routes.readValue();
        assertThat(noApi.getChosen().getEndpoint().getProvider()).isEqualTo("neocloud");
        assertThat(noApi.getChosen().getEffectivePrice()).isCloseTo(0.5 * API_BLENDED, within(1e-9));
    }

    @Test
    void theBlendMatchesAHandComputedPriceForOneInstance() {
        InstanceThroughput h200x2 = figures("H200", 2).orElseThrow();
        double usdPerHour = 7.0;
        gpuOffer("neocloud", "H200", 141, 2, PricingModel.ON_DEMAND, usdPerHour, 0);
        p.send(policy(1, 1.0).build());
        RouteCandidate chosen = p.routes.readValue().getChosen();
        // Per output token, decode time plus three prompt tokens' prefill time; four tokens in that time.
        double d = h200x2.decodeTokensPerSecond();
        double f = h200x2.prefillTokensPerSecond().getAsDouble();
        double expected = usdPerHour / 3600 * (1 / d + 3 / f) / 4 * 1e6;
        assertThat(chosen.getEffectivePrice()).isCloseTo(expected, within(1e-9 * expected));
        assertThat(chosen.getSelfHost().getPrefillTokensPerSecond()).isEqualTo(f);
    }

    @Test
    void aMeasuredThroughputFileReplacesTheEstimate(@TempDir Path dir) throws Exception {
        p.close();
        // 16 sequences on one copy over two H200s: the measurement at batch 16 is the instance's decode rate.
        Path measured = Files.writeString(
                dir.resolve("measured.csv"),
                MeasuredThroughputCsv.HEADER + "\n" + MODEL + ",H200,2,1,40\n" + MODEL + ",H200,2,16,500\n");
        p = Pipeline.start(Map.of(AppConfig.GRACE_MS, "0", AppConfig.THROUGHPUT_MEASURED_FILE, measured.toString()));
        double usdPerHour = 7.0;
        gpuOffer("neocloud", "H200", 141, 2, PricingModel.ON_DEMAND, usdPerHour, 0);
        p.send(policy(1, 1.0).build());

        SelfHostEstimate served = p.routes.readValue().getChosen().getSelfHost();
        assertThat(served.getOutputTokensPerSecond()).isEqualTo(500.0);
        assertThat(served.getDecodeLimit()).isEqualTo("MEASURED");
        assertThat(served.getPerSequenceTokensPerSecond()).isCloseTo(500.0 / 16, within(1e-9));
        assertThat(served.getOutputTokensPerSecond())
                .isNotEqualTo(figures("H200", 2).orElseThrow().decodeTokensPerSecond());
    }
}
