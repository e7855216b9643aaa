package dev.gpuarb.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.WorkloadKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PolicyParserTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void readsAFullGpuPolicyFromJson() {
        RoutePolicy p = PolicyParser.parse("""
                {"routeId": "train-eu", "kind": "GPU_HOURS", "gpuModel": "H100-80GB", "minGpuCount": 8,
                 "pricingModels": ["spot", "ON_DEMAND"], "maxP99LatencyMs": 250, "requiredTags": ["eu-residency"],
                 "allowedRegions": ["europe-west4", "eu-central-1"], "excludedProviders": ["vast"],
                 "maxPrice": 3.5, "hysteresisPct": 5, "minDwellMs": 600000, "requireMeasuredLatency": true}""", NOW);
        assertThat(p.getRouteId()).isEqualTo("train-eu");
        assertThat(p.getKind()).isEqualTo(WorkloadKind.GPU_HOURS);
        assertThat(p.getMinGpuCount()).isEqualTo(8);
        assertThat(p.getPricingModels()).containsExactly(PricingModel.SPOT, PricingModel.ON_DEMAND);
        assertThat(p.getMaxP99LatencyMs()).isEqualTo(250.0);
        assertThat(p.getRequireMeasuredLatency()).isTrue();
        assertThat(p.getAllowedRegions()).containsExactly("europe-west4", "eu-central-1");
        assertThat(p.getExcludedProviders()).containsExactly("vast");
        assertThat(p.getMaxPrice()).isEqualTo(3.5);
        assertThat(p.getHysteresisPct()).isEqualTo(5.0);
        assertThat(p.getMinDwellMs()).isEqualTo(600_000L);
        assertThat(p.getUpdatedAt()).isEqualTo(NOW);
        assertThat(p.getInputOutputRatio()).as("schema default").isEqualTo(3.0);
    }

    @Test
    void readsYaml() {
        RoutePolicy p = PolicyParser.parse("""
                routeId: chat-cheap
                kind: tokens
                model: llama-3.1-70b-instruct
                inputOutputRatio: 4
                allowedProviders: [together_ai, fireworks_ai]
                """, NOW);
        assertThat(p.getKind()).isEqualTo(WorkloadKind.TOKENS);
        assertThat(p.getModel()).isEqualTo("llama-3.1-70b-instruct");
        assertThat(p.getInputOutputRatio()).isEqualTo(4.0);
        assertThat(p.getAllowedProviders()).containsExactly("together_ai", "fireworks_ai");
        assertThat(p.getRequireMeasuredLatency()).as("schema default").isFalse();
    }

    @Test
    void minReliabilityIsAShareFromZeroToOne() {
        RoutePolicy p = PolicyParser.parse("""
                {"routeId": "r", "kind": "GPU_HOURS", "gpuModel": "RTX4090", "minReliability": 0.98}""", NOW);
        assertThat(p.getMinReliability()).isEqualTo(0.98);
        assertThat(PolicyParser.parse("{\"routeId\":\"r\",\"kind\":\"GPU_HOURS\",\"gpuModel\":\"L4\"}", NOW)
                        .getMinReliability())
                .as("no minimum unless set")
                .isNull();
        assertThat(PolicyParser.parse("""
                {"routeId": "r", "kind": "GPU_HOURS", "gpuModel": "L4", "minReliability": 1}""", NOW).getMinReliability()).isEqualTo(1.0);
        for (String bad : new String[] {"1.5", "-0.1", "\"high\""}) {
            assertThatThrownBy(() -> PolicyParser.parse("""
                    {"routeId": "r", "kind": "GPU_HOURS", "gpuModel": "L4", "minReliability": %s}""".formatted(bad), NOW))
                    .as(bad)
                    .hasMessageContaining("'minReliability' must be");
        }
    }

    @Test
    void requireMeasuredLatencyIsTrueOrFalseOnly() {
        assertThatThrownBy(() -> PolicyParser.parse("""
                {"routeId": "r", "kind": "GPU_HOURS", "gpuModel": "L4", "requireMeasuredLatency": "yes"}""", NOW))
                .hasMessageContaining("'requireMeasuredLatency' must be true or false, got \"yes\"");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> PolicyParser.parse("""
                {"kind": "GPU_HOURS", "maxPirce": 2, "maxPrice": -1, "minGpuMemoryGb": 1.5, "pricingModels": ["CHEAP"]}""", NOW))
                .isInstanceOfSatisfying(
                        PolicyParser.PolicyException.class,
                        e -> assertThat(e.problems())
                                .anySatisfy(m -> assertThat(m).contains("unknown field 'maxPirce'"))
                                .anySatisfy(m -> assertThat(m).contains("'routeId' is required"))
                                .anySatisfy(m -> assertThat(m).contains("'maxPrice' must be > 0"))
                                .anySatisfy(m -> assertThat(m).contains("'minGpuMemoryGb' must be a whole number"))
                                .anySatisfy(m -> assertThat(m).contains("'pricingModels' must be one of"))
                                .hasSize(5));
    }

    @Test
    void tokenRoutesNeedAModelAndGpuRoutesCannotHaveOne() {
        assertThatThrownBy(() -> PolicyParser.parse("{\"routeId\":\"r\",\"kind\":\"TOKENS\"}", NOW))
                .hasMessageContaining("a TOKENS route needs model");
        assertThatThrownBy(() -> PolicyParser.parse(
                        "{\"routeId\":\"r\",\"kind\":\"GPU_HOURS\",\"gpuModel\":\"L4\",\"model\":\"x\"}", NOW))
                .hasMessageContaining("'model' is for TOKENS routes");
    }

    @Test
    void malformedTextSaysWhere() {
        assertThatThrownBy(() -> PolicyParser.parse("{\"routeId\": \"r\",", NOW))
                .isInstanceOf(PolicyParser.PolicyException.class)
                .hasMessageContaining("not valid JSON or YAML")
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> PolicyParser.parse("   ", NOW)).hasMessageContaining("empty");
        assertThatThrownBy(() -> PolicyParser.parse("[1,2]", NOW)).hasMessageContaining("must be an object");
    }

    @Test
    void hysteresisOfAHundredPercentWouldFreezeARoute() {
        assertThatThrownBy(() -> PolicyParser.parse(
                        "{\"routeId\":\"r\",\"kind\":\"GPU_HOURS\",\"gpuModel\":\"L4\",\"hysteresisPct\":100}", NOW))
                .hasMessageContaining("hysteresisPct must be below 100");
    }

    @Test
    void refusesWhatTheStreamsAppWouldRefuse() {
        String regions = java.util.stream.IntStream.range(0, 10_000)
                .mapToObj(i -> "\"r" + i + "\"")
                .collect(java.util.stream.Collectors.joining(","));
        assertThatThrownBy(() -> PolicyParser.parse(
                        "{\"routeId\": \"a\", \"kind\": \"TOKENS\", \"model\": \"m\","
                                + " \"inputOutputRatio\": 1e308}",
                        NOW))
                .hasMessageContaining("inputOutputRatio");
        assertThatThrownBy(() -> PolicyParser.parse(
                        "{\"routeId\": \"a\", \"kind\": \"GPU_HOURS\", \"gpuModel\": \"H100\","
                                + " \"allowedRegions\": [" + regions + "]}",
                        NOW))
                .hasMessageContaining("allowedRegions");
        long tomorrow = NOW.plusSeconds(86_400).toEpochMilli();
        assertThatThrownBy(() -> PolicyParser.parse(
                        "{\"routeId\": \"a\", \"kind\": \"GPU_HOURS\", \"gpuModel\": \"H100\"," + " \"updatedAt\": "
                                + tomorrow + "}",
                        NOW))
                .hasMessageContaining("updatedAt")
                .hasMessageContaining("future");
        assertThatThrownBy(() -> PolicyParser.parse(
                        "{\"routeId\": \"a\\u001b[2J\", \"kind\": \"GPU_HOURS\", \"gpuModel\": \"H100\"}", NOW))
                .hasMessageContaining("control characters");
    }

    @Test
    void readsASelfHostingTokenRouteWithDefaults() {
        RoutePolicy p = PolicyParser.parse("""
                routeId: chat-70b
                kind: TOKENS
                model: meta-llama/llama-3.1-70b-instruct
                selfHost:
                  concurrency: 32
                  minOutputTokensPerSecond: 25
                  pricingModels: [spot]
                """, NOW);
        assertThat(p.getSelfHost().getConcurrency()).isEqualTo(32);
        assertThat(p.getSelfHost().getContextTokens()).as("schema default").isEqualTo(4096);
        assertThat(p.getSelfHost().getMinOutputTokensPerSecond()).isEqualTo(25.0);
        assertThat(p.getSelfHost().getPricingModels()).containsExactly(PricingModel.SPOT);
        assertThat(p.getSelfHost().getModel()).as("the route's model is served").isNull();
    }

    @Test
    void readsAShapeForAModelWithoutAKnownName() {
        RoutePolicy p = PolicyParser.parse("""
                {"routeId": "house", "kind": "TOKENS", "model": "acme-13b",
                 "selfHost": {"weights": "fp8", "shape": {"name": "acme-13b", "totalParams": 13000000000, "layers": 40,
                   "hiddenSize": 5120, "vocabSize": 32000, "attentionHeads": 40, "kvHeads": 8, "headDim": 128}}}""", NOW);
        assertThat(p.getSelfHost().getShape().getTotalParams()).isEqualTo(13_000_000_000L);
        assertThat(p.getSelfHost().getShape().getActiveParams()).isNull();
        assertThat(p.getSelfHost().getWeights()).isEqualTo("fp8");
    }

    @Test
    void refusesASelfHostingPlanThatCannotBeServed() {
        assertThatThrownBy(() -> PolicyParser.parse("""
                {"routeId": "r", "kind": "TOKENS", "model": "some-closed-model", "selfHost": {}}""", NOW))
                .hasMessageContaining("names no model gpuarb knows the shape of ('some-closed-model')");
        assertThatThrownBy(() -> PolicyParser.parse("""
                {"routeId": "r", "kind": "GPU_HOURS", "gpuModel": "H100-80GB", "selfHost": {"model": "llama-3.1-8b-instruct"}}""", NOW)).hasMessageContaining("'selfHost' is for TOKENS routes");
        assertThatThrownBy(() -> PolicyParser.parse("""
                {"routeId": "r", "kind": "TOKENS", "model": "llama-3.1-8b-instruct",
                 "selfHost": {"contextTokens": 0, "colour": "red"}}""", NOW))
                .hasMessageContaining("'selfHost.contextTokens' must be a whole number > 0, got 0")
                .hasMessageContaining("unknown field 'selfHost.colour'");
        // Well-formed but out of the rules the Streams app applies too.
        assertThatThrownBy(() -> PolicyParser.parse("""
                {"routeId": "r", "kind": "TOKENS", "model": "llama-3.1-8b-instruct",
                 "selfHost": {"concurrency": 100000, "weights": "fp4"}}""", NOW))
                .hasMessageContaining("'selfHost.concurrency' must be in [1, 4096], got 100000")
                .hasMessageContaining("'selfHost.weights' must be bf16, fp8 or int4, got 'fp4'");
        assertThatThrownBy(() -> PolicyParser.parse("""
                {"routeId": "r", "kind": "TOKENS", "model": "moe", "selfHost": {"shape": {"name": "moe",
                 "totalParams": 100, "activeParams": 10, "layers": 2, "hiddenSize": 4, "vocabSize": 4,
                 "attentionHeads": 2, "kvHeads": 2, "headDim": 2}}}""", NOW))
                .hasMessageContaining("a mixture of experts needs activeParams, routedExperts and expertsPerToken");
        assertThatThrownBy(() -> PolicyParser.parse("""
                {"routeId": "r", "kind": "TOKENS", "model": "x", "selfHost": {"shape": {"name": "x", "totalParams": 100,
                 "layers": 2, "hiddenSize": 4, "vocabSize": 4, "attentionHeads": 2, "kvHeads": 4, "headDim": 2}}}""", NOW))
                .hasMessageContaining(
                        "'selfHost.shape' is not a valid model shape: attention figures must be positive, kvHeads <= heads");
    }
}
