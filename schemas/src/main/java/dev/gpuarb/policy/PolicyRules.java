package dev.gpuarb.policy;

import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.vocab.FutureEventTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What makes a route policy acceptable, in one place: the CLI refuses a policy that breaks a rule
 * before sending it, and the Streams app refuses it again on arrival (a producer may bypass the CLI).
 * The bounds keep every number meaningful to the route engine (a NaN ceiling would disable the
 * filter, a NaN hysteresis would freeze the route) and keep a policy cheap to evaluate per price.
 */
public final class PolicyRules {

    /** The longest route id, text value or list a policy may carry. */
    public static final int MAX_ID_CHARS = 200;

    public static final int MAX_LIST_ITEMS = 100;
    /** Far above any real ceiling (USD per GPU-hour or per million tokens): a bigger number is a typo. */
    public static final double MAX_PRICE = 1_000_000;

    public static final double MAX_INPUT_OUTPUT_RATIO = 10_000;
    public static final double MAX_LATENCY_MS = 3_600_000;
    public static final int MAX_GPU_MEMORY_GB = 1024;
    public static final int MAX_GPU_COUNT = 1024;
    public static final long MAX_DWELL_MS = Duration.ofDays(30).toMillis();
    /** How far a policy's updatedAt may be ahead of the clock by default (clock skew between hosts). */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = FutureEventTimes.DEFAULT_MAX_SKEW;

    private PolicyRules() {}

    /** Every rule the policy breaks, as sentences; empty when it is acceptable. */
    public static List<String> problems(RoutePolicy p, Instant now, Duration maxFutureSkew) {
        List<String> problems = new ArrayList<>();
        if (p == null) {
            problems.add("the policy is null");
            return problems;
        }
        text(problems, "routeId", p.getRouteId(), true);
        if (p.getKind() == null) {
            problems.add("'kind' is required");
        }
        text(problems, "gpuModel", p.getGpuModel(), false);
        text(problems, "model", p.getModel(), false);
        whole(problems, "minGpuMemoryGb", p.getMinGpuMemoryGb(), MAX_GPU_MEMORY_GB);
        whole(problems, "minGpuCount", p.getMinGpuCount(), MAX_GPU_COUNT);
        number(problems, "inputOutputRatio", p.getInputOutputRatio(), 0, MAX_INPUT_OUTPUT_RATIO, true);
        number(problems, "maxP99LatencyMs", p.getMaxP99LatencyMs(), 0, MAX_LATENCY_MS, false);
        number(problems, "maxPrice", p.getMaxPrice(), 0, MAX_PRICE, false);
        number(problems, "minReliability", p.getMinReliability(), 0, 1, true);
        double hysteresis = p.getHysteresisPct();
        if (!(hysteresis >= 0 && hysteresis < 100)) {
            problems.add("'hysteresisPct' must be a number in [0, 100), got " + hysteresis);
        }
        if (p.getMinDwellMs() < 0 || p.getMinDwellMs() > MAX_DWELL_MS) {
            problems.add("'minDwellMs' must be in [0, " + MAX_DWELL_MS + "], got " + p.getMinDwellMs());
        }
        list(problems, "requiredTags", p.getRequiredTags());
        list(problems, "allowedRegions", p.getAllowedRegions());
        list(problems, "allowedProviders", p.getAllowedProviders());
        list(problems, "excludedProviders", p.getExcludedProviders());
        if (p.getPricingModels() != null && p.getPricingModels().size() > MAX_LIST_ITEMS) {
            problems.add("'pricingModels' has " + p.getPricingModels().size() + " items, at most " + MAX_LIST_ITEMS);
        }
        Instant updatedAt = p.getUpdatedAt();
        if (updatedAt == null || updatedAt.toEpochMilli() <= 0) {
            problems.add("'updatedAt' must be after 1970-01-01, got " + updatedAt);
        } else if (FutureEventTimes.tooFarAhead(updatedAt, now, maxFutureSkew)) {
            problems.add("'updatedAt' " + updatedAt + " is in the future (more than " + maxFutureSkew.toSeconds()
                    + " s after " + now + "); check the writer's clock");
        }
        if (p.getKind() == WorkloadKind.GPU_HOURS && p.getGpuModel() == null && p.getMinGpuMemoryGb() == null) {
            problems.add("a GPU_HOURS route needs gpuModel or minGpuMemoryGb");
        }
        if (p.getKind() == WorkloadKind.TOKENS && p.getModel() == null) {
            problems.add("a TOKENS route needs model");
        }
        if (p.getSelfHost() != null) {
            text(problems, "selfHost.model", p.getSelfHost().getModel(), false);
            text(problems, "selfHost.weights", p.getSelfHost().getWeights(), false);
            if (p.getSelfHost().getShape() != null) {
                text(problems, "selfHost.shape.name", p.getSelfHost().getShape().getName(), true);
            }
            if (p.getSelfHost().getPricingModels() != null
                    && p.getSelfHost().getPricingModels().size() > MAX_LIST_ITEMS) {
                problems.add("'selfHost.pricingModels' has "
                        + p.getSelfHost().getPricingModels().size() + " items, at most " + MAX_LIST_ITEMS);
            }
            problems.addAll(SelfHostPlan.problems(p));
        }
        return problems;
    }

    private static void text(List<String> problems, String field, CharSequence value, boolean required) {
        if (value == null) {
            if (required) {
                problems.add("'" + field + "' is required");
            }
            return;
        }
        if (value.toString().isBlank()) {
            problems.add("'" + field + "' must not be blank");
        } else if (value.length() > MAX_ID_CHARS) {
            problems.add("'" + field + "' is " + value.length() + " characters long, at most " + MAX_ID_CHARS);
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            problems.add("'" + field + "' must not contain control characters");
        }
    }

    private static void whole(List<String> problems, String field, Integer value, int max) {
        if (value != null && (value < 1 || value > max)) {
            problems.add("'" + field + "' must be in [1, " + max + "], got " + value);
        }
    }

    private static void number(
            List<String> problems, String field, Double value, double min, double max, boolean zeroAllowed) {
        if (value == null) {
            return;
        }
        boolean aboveMin = zeroAllowed ? value >= min : value > min;
        // Written so that NaN fails too: every comparison with NaN is false.
        if (!(aboveMin && value <= max)) {
            problems.add("'" + field + "' must be a number in " + (zeroAllowed ? "[" : "(") + min + ", " + max
                    + "], got " + value);
        }
    }

    private static void list(List<String> problems, String field, List<? extends CharSequence> values) {
        if (values == null) {
            return;
        }
        if (values.size() > MAX_LIST_ITEMS) {
            problems.add("'" + field + "' has " + values.size() + " items, at most " + MAX_LIST_ITEMS);
            return;
        }
        for (CharSequence v : values) {
            text(problems, field + " item", v, true);
        }
    }
}
