package dev.gpuarb.streams.margins;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.gpuInstance;
import static dev.gpuarb.streams.Fixtures.gpuPolicy;
import static dev.gpuarb.streams.Fixtures.minutes;
import static dev.gpuarb.streams.Fixtures.tokenPolicy;
import static dev.gpuarb.streams.Fixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpuarb.avro.MarginDecision;
import dev.gpuarb.avro.MarginEvent;
import dev.gpuarb.avro.MarginTrigger;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.SelfHostEstimate;
import dev.gpuarb.avro.SelfHostPolicy;
import dev.gpuarb.avro.TaskQuote;
import dev.gpuarb.serde.AvroSerde;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.topics.Topic;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The margin stage in the production topology: accept, reject, re-pricing on a route change, no route. */
class MarginsTest {

    private static final double FRACTION = 0.1;
    private static final double MULTIPLIER = 4.0;
    private static final double FIXED = 0.0002;

    private Pipeline p;
    private TestInputTopic<String, TaskQuote> quotes;
    private TestOutputTopic<String, MarginEvent> margins;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start(Map.of(
                AppConfig.MARGINS_SPOT_CHECK_FRACTION,
                Double.toString(FRACTION),
                AppConfig.MARGINS_RERUN_COST_MULTIPLIER,
                Double.toString(MULTIPLIER),
                AppConfig.MARGINS_FIXED_USD,
                Double.toString(FIXED)));
        AvroSerde<TaskQuote> quoteSerde = AvroSerde.specific(TaskQuote.class);
        quoteSerde.configure(p.config.asMap(), false);
        AvroSerde<MarginEvent> marginSerde = AvroSerde.specific(MarginEvent.class);
        marginSerde.configure(p.config.asMap(), false);
        quotes = p.driver.createInputTopic(
                Topic.TASK_QUOTES.topicName(), p.serdes.key().serializer(), quoteSerde.serializer());
        margins = p.driver.createOutputTopic(
                Topic.TASK_MARGINS.topicName(), p.serdes.key().deserializer(), marginSerde.deserializer());
    }

    @AfterEach
    void stop() {
        p.close();
    }

    private static TaskQuote.Builder tokenQuote(
            String taskType, String routeId, double offered, long in, long out, double minMarginPct, long minute) {
        return TaskQuote.newBuilder()
                .setQuoteId(taskType + "-" + minute)
                .setTaskType(taskType)
                .setRouteId(routeId)
                .setOfferedUsd(offered)
                .setInputTokens(in)
                .setOutputTokens(out)
                .setMinMarginPct(minMarginPct)
                .setQuotedAt(minutes(minute));
    }

    private void send(TaskQuote q) {
        quotes.pipeInput(q.getTaskType(), q, q.getQuotedAt());
    }

    /** Cost as the issue defines it, worked out here from the prices the test sent. */
    private static double tokenCost(long in, long out, double usdPerMIn, double usdPerMOut) {
        double work = in / 1e6 * usdPerMIn + out / 1e6 * usdPerMOut;
        return work + FRACTION * MULTIPLIER * work + FIXED;
    }

    @Test
    void aQuoteAboveItsMinimumMarginIsAcceptedWithItsCostAndRoute() {
        p.send(tokens("openai", "gpt-4o", null, 2.5, 10.0, minutes(0)).build());
        p.send(tokens("together", "gpt-4o", null, 2.0, 8.0, minutes(1)).build());
        p.send(tokenPolicy("chat", "gpt-4o", minutes(2)).build());
        send(tokenQuote("summarise", "chat", 0.02, 1500, 500, 20, 3).build());

        TestRecord<String, MarginEvent> out = margins.readRecord();
        assertThat(out.key()).isEqualTo("summarise");
        MarginEvent e = out.value();
        double cost = tokenCost(1500, 500, 2.0, 8.0);
        assertThat(e.getDecision()).isEqualTo(MarginDecision.ACCEPT);
        assertThat(e.getTrigger()).isEqualTo(MarginTrigger.QUOTE);
        assertThat(e.getEndpoint().getProvider()).isEqualTo("together");
        assertThat(e.getWorkCostUsd()).isCloseTo((1500 * 2.0 + 500 * 8.0) / 1e6, within(1e-12));
        assertThat(e.getCostUsd()).isCloseTo(cost, within(1e-12));
        assertThat(e.getMarginUsd()).isCloseTo(0.02 - cost, within(1e-12));
        assertThat(e.getMarginPct()).isCloseTo((0.02 - cost) / 0.02 * 100, within(1e-9));
        assertThat(e.getUsdPerMillionInput()).isEqualTo(2.0);
        assertThat(e.getUsdPerGpuHour()).isNull();
        assertThat(e.getPricedAt()).isEqualTo(minutes(3));
        assertThat(margins.isEmpty()).isTrue();
    }

    @Test
    void aQuoteBelowItsMinimumMarginIsRejected() {
        p.send(tokens("openai", "gpt-4o", null, 2.5, 10.0, minutes(0)).build());
        p.send(tokenPolicy("chat", "gpt-4o", minutes(1)).build());
        double cost = tokenCost(1500, 500, 2.5, 10.0);
        // Offered so that the margin is 10 %: below a 15 % minimum.
        double offered = cost / 0.9;
        send(tokenQuote("summarise", "chat", offered, 1500, 500, 15, 2).build());

        MarginEvent e = margins.readValue();
        assertThat(e.getDecision()).isEqualTo(MarginDecision.REJECT);
        assertThat(e.getMarginPct()).isCloseTo(10.0, within(1e-9));
        assertThat(e.getReason()).contains("< minimum 15.00%");
    }

    @Test
    void aTokenQuoteOnASelfHostedRouteIsPricedFromTheInstanceAndItsThroughput() {
        // Two H100s at 4.0 USD per GPU-hour serving an 8B model: about 0.4 USD per 1M tokens, below the API.
        p.send(tokens("together", "llama-3.1-8b-instruct", null, 1.0, 1.0, minutes(0))
                .build());
        p.send(gpuInstance("lambda", "us-west-1", "gpu_2x_h100", PricingModel.ON_DEMAND, 2, 8.0, minutes(0))
                .build());
        p.send(tokenPolicy("chat", "llama-3.1-8b-instruct", minutes(1))
                .setSelfHost(SelfHostPolicy.newBuilder().setConcurrency(32).build())
                .build());
        send(tokenQuote("summarise", "chat", 0.02, 3000, 1000, 0, 2).build());

        RouteUpdate route = p.routes.readValue();
        SelfHostEstimate served = route.getChosen().getSelfHost();
        assertThat(served).as("the self-hosted instance is chosen").isNotNull();
        // An hour of the instance buys decode-seconds for output tokens and prefill-seconds for prompt tokens.
        double usdPerSecond = 8.0 / 3600;
        double perMillionOut = usdPerSecond / served.getOutputTokensPerSecond() * 1e6;
        double perMillionIn = usdPerSecond / served.getPrefillTokensPerSecond() * 1e6;
        MarginEvent e = margins.readValue();
        assertThat(e.getDecision()).isEqualTo(MarginDecision.ACCEPT);
        assertThat(e.getEndpoint().getProvider()).isEqualTo("lambda");
        assertThat(e.getUsdPerMillionOutput()).isCloseTo(perMillionOut, within(1e-12));
        assertThat(e.getUsdPerMillionInput()).isCloseTo(perMillionIn, within(1e-12));
        assertThat(e.getUsdPerGpuHour()).isEqualTo(4.0);
        assertThat(e.getCostUsd()).isCloseTo(tokenCost(3000, 1000, perMillionIn, perMillionOut), within(1e-12));
        // The route's blended price is the same rule at its 3:1 mix.
        assertThat(route.getChosen().getEffectivePrice())
                .isCloseTo((3 * perMillionIn + perMillionOut) / 4, within(1e-9));
    }

    @Test
    void aGpuQuoteIsPricedPerGpuSecondAndAWrongGpuModelHasNoRoute() {
        p.send(gpu("lambda", "us-west-1", PricingModel.ON_DEMAND, 3.0, minutes(0))
                .build());
        p.send(gpuPolicy("batch", "H100-80GB", minutes(1)).build());
        send(TaskQuote.newBuilder()
                .setQuoteId("q1")
                .setTaskType("render")
                .setRouteId("batch")
                .setOfferedUsd(0.2)
                .setGpuSeconds(120)
                .setGpuModel("H100-80GB")
                .setMinMarginPct(0)
                .setQuotedAt(minutes(2))
                .build());
        send(TaskQuote.newBuilder()
                .setQuoteId("q2")
                .setTaskType("train-step")
                .setRouteId("batch")
                .setOfferedUsd(0.2)
                .setGpuSeconds(120)
                .setGpuModel("A100-80GB")
                .setMinMarginPct(0)
                .setQuotedAt(minutes(3))
                .build());

        List<MarginEvent> out = margins.readValuesToList();
        assertThat(out).hasSize(2);
        double work = 120 / 3600.0 * 3.0;
        assertThat(out.get(0).getDecision()).isEqualTo(MarginDecision.ACCEPT);
        assertThat(out.get(0).getCostUsd()).isCloseTo(work * (1 + FRACTION * MULTIPLIER) + FIXED, within(1e-12));
        assertThat(out.get(0).getUsdPerGpuHour()).isEqualTo(3.0);
        assertThat(out.get(1).getDecision()).isEqualTo(MarginDecision.REJECT);
        assertThat(out.get(1).getReason()).contains("no route").contains("A100-80GB");
        assertThat(out.get(1).getCostUsd()).isNull();
    }

    @Test
    void aRouteChangeRepricesTheOpenQuotesOfThatRouteOnly() {
        p.send(tokens("openai", "gpt-4o", null, 2.5, 10.0, minutes(0)).build());
        p.send(tokens("mistral", "mistral-large", null, 2.0, 6.0, minutes(0)).build());
        p.send(tokenPolicy("chat", "gpt-4o", minutes(1)).build());
        p.send(tokenPolicy("other", "mistral-large", minutes(1)).build());
        send(tokenQuote("summarise", "chat", 0.02, 1500, 500, 20, 2).build());
        send(tokenQuote("classify", "other", 0.02, 1000, 10, 20, 2).build());
        send(tokenQuote("closed", "chat", 0.02, 100, 100, 20, 2).build());
        quotes.pipeInput("closed", null, minutes(3));
        assertThat(margins.readValuesToList()).hasSize(3);

        // A cheaper gpt-4o endpoint: the chat route switches, its one open quote is re-priced.
        p.send(tokens("azure", "gpt-4o", "eastus", 1.0, 4.0, minutes(4)).build());
        List<TestRecord<String, MarginEvent>> out = margins.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly("summarise");
        MarginEvent e = out.get(0).value();
        assertThat(e.getTrigger()).isEqualTo(MarginTrigger.ROUTE_CHANGED);
        assertThat(e.getEndpoint().getProvider()).isEqualTo("azure");
        assertThat(e.getCostUsd()).isCloseTo(tokenCost(1500, 500, 1.0, 4.0), within(1e-12));
        assertThat(e.getQuoteId()).isEqualTo("summarise-2");
        assertThat(e.getPricedAt()).isEqualTo(minutes(4));

        // A price move that does not change the route re-emits nothing.
        p.send(tokens("openai", "gpt-4o", null, 2.4, 10.0, minutes(5)).build());
        assertThat(margins.isEmpty()).isTrue();
    }

    @Test
    void withoutARouteTheQuoteIsRejectedAndPricedOnceARouteAppears() {
        send(tokenQuote("summarise", "unknown", 0.02, 1500, 500, 20, 0).build());
        MarginEvent unknown = margins.readValue();
        assertThat(unknown.getDecision()).isEqualTo(MarginDecision.REJECT);
        assertThat(unknown.getReason()).startsWith("no route").contains("unknown");
        assertThat(unknown.getEndpoint()).isNull();
        assertThat(unknown.getMarginUsd()).isNull();

        p.send(tokens("openai", "gpt-4o", null, 2.5, 10.0, minutes(1)).build());
        p.send(tokenPolicy("capped", "gpt-4o", minutes(2)).setMaxPrice(1.0).build());
        send(tokenQuote("cheap", "capped", 0.02, 1500, 500, 20, 3).build());
        MarginEvent noRoute = margins.readValue();
        assertThat(noRoute.getDecision()).isEqualTo(MarginDecision.REJECT);
        assertThat(noRoute.getReason()).startsWith("no route");
        assertThat(noRoute.getCostUsd()).isNull();

        // An endpoint under the cap: the route is routed and the open quote is priced and accepted.
        p.send(tokens("together", "gpt-4o", null, 0.5, 1.0, minutes(4)).build());
        MarginEvent routed = margins.readValue();
        assertThat(routed.getTaskType()).isEqualTo("cheap");
        assertThat(routed.getTrigger()).isEqualTo(MarginTrigger.ROUTE_CHANGED);
        assertThat(routed.getDecision()).isEqualTo(MarginDecision.ACCEPT);
        assertThat(routed.getCostUsd()).isCloseTo(tokenCost(1500, 500, 0.5, 1.0), within(1e-12));
        assertThat(margins.isEmpty()).isTrue();
    }
}
