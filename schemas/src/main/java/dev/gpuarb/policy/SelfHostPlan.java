package dev.gpuarb.policy;

import dev.gpuarb.avro.ModelShapeSpec;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.SelfHostPolicy;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.throughput.KnownModel;
import dev.gpuarb.throughput.KnownModels;
import dev.gpuarb.throughput.ModelShape;
import dev.gpuarb.throughput.ModelShape.Attention;
import dev.gpuarb.throughput.ModelShape.Experts;
import dev.gpuarb.throughput.WeightFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a TOKENS route's {@code selfHost} asks to serve, resolved to a model shape and weight format:
 * the known model it names (or the route's own model), or the shape it spells out. One resolution for
 * the CLI, which refuses a plan that cannot be served, and the route engine, which prices GPU offers by it.
 *
 * @param modelId the known model's id, or the shape's name
 * @param minOutputTokensPerSecond output tokens/s each sequence must see; empty when there is no minimum
 */
public record SelfHostPlan(
        String modelId,
        ModelShape shape,
        WeightFormat weights,
        int concurrency,
        int contextTokens,
        OptionalDouble minOutputTokensPerSecond) {

    /** Far beyond what one instance serves; a bigger figure is a typo. */
    public static final int MAX_CONCURRENCY = 4096;
    /** The longest context any known model takes, with room. */
    public static final int MAX_CONTEXT_TOKENS = 2_097_152;

    public static final double MAX_OUTPUT_TOKENS_PER_SECOND = 100_000;

    /** The policy's plan; empty when the policy does not self-host. Throws with every problem when it cannot be served. */
    public static Optional<SelfHostPlan> of(RoutePolicy policy) {
        List<String> problems = new ArrayList<>();
        Optional<SelfHostPlan> plan = resolve(policy, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return plan;
    }

    /** Every reason the policy's selfHost cannot be served, as sentences; empty when it can (or there is none). */
    public static List<String> problems(RoutePolicy policy) {
        List<String> problems = new ArrayList<>();
        resolve(policy, problems);
        return problems;
    }

    private static Optional<SelfHostPlan> resolve(RoutePolicy policy, List<String> problems) {
        SelfHostPolicy self = policy.getSelfHost();
        if (self == null) {
            return Optional.empty();
        }
        if (policy.getKind() != WorkloadKind.TOKENS) {
            problems.add("'selfHost' is for TOKENS routes (a GPU_HOURS route already uses GPU offers)");
            return Optional.empty();
        }
        int before = problems.size();
        if (self.getConcurrency() < 1 || self.getConcurrency() > MAX_CONCURRENCY) {
            problems.add(
                    "'selfHost.concurrency' must be in [1, " + MAX_CONCURRENCY + "], got " + self.getConcurrency());
        }
        if (self.getContextTokens() < 1 || self.getContextTokens() > MAX_CONTEXT_TOKENS) {
            problems.add("'selfHost.contextTokens' must be in [1, " + MAX_CONTEXT_TOKENS + "], got "
                    + self.getContextTokens());
        }
        Double min = self.getMinOutputTokensPerSecond();
        if (min != null && !(min > 0 && min <= MAX_OUTPUT_TOKENS_PER_SECOND)) {
            problems.add("'selfHost.minOutputTokensPerSecond' must be a number in (0, " + MAX_OUTPUT_TOKENS_PER_SECOND
                    + "], got " + min);
        }
        WeightFormat weights = null;
        if (self.getWeights() != null) {
            try {
                weights =
                        WeightFormat.valueOf(self.getWeights().toString().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("'selfHost.weights' must be bf16, fp8 or int4, got '" + self.getWeights() + "'");
            }
        }
        String id;
        ModelShape shape;
        if (self.getShape() != null) {
            shape = shape(self.getShape(), problems);
            id = shape == null ? null : shape.name();
            weights = weights == null ? WeightFormat.BF16 : weights;
        } else {
            CharSequence name = self.getModel() != null ? self.getModel() : policy.getModel();
            Optional<KnownModel> known = name == null ? Optional.empty() : KnownModels.byName(name.toString());
            if (known.isEmpty()) {
                problems.add("'selfHost' names no model gpuarb knows the shape of ('" + name
                        + "'): name a known model in selfHost.model, or give selfHost.shape");
                return Optional.empty();
            }
            shape = known.get().shape();
            id = known.get().id();
            weights = weights == null ? known.get().publishedWeights() : weights;
        }
        if (problems.size() > before || shape == null) {
            return Optional.empty();
        }
        return Optional.of(new SelfHostPlan(
                id,
                shape,
                weights,
                self.getConcurrency(),
                self.getContextTokens(),
                min == null ? OptionalDouble.empty() : OptionalDouble.of(min)));
    }

    private static ModelShape shape(ModelShapeSpec spec, List<String> problems) {
        boolean mixture =
                spec.getRoutedExperts() != null || spec.getExpertsPerToken() != null || spec.getActiveParams() != null;
        try {
            Attention attention = Attention.grouped(spec.getAttentionHeads(), spec.getKvHeads(), spec.getHeadDim());
            String name = spec.getName().toString().trim();
            if (!mixture) {
                return ModelShape.dense(
                        name,
                        spec.getTotalParams(),
                        spec.getLayers(),
                        spec.getHiddenSize(),
                        spec.getVocabSize(),
                        spec.getTiedEmbeddings(),
                        attention);
            }
            if (spec.getRoutedExperts() == null
                    || spec.getExpertsPerToken() == null
                    || spec.getActiveParams() == null) {
                problems.add(
                        "'selfHost.shape': a mixture of experts needs activeParams, routedExperts and expertsPerToken");
                return null;
            }
            return ModelShape.mixture(
                    name,
                    spec.getTotalParams(),
                    spec.getActiveParams(),
                    new Experts(spec.getRoutedExperts(), spec.getExpertsPerToken()),
                    spec.getLayers(),
                    spec.getHiddenSize(),
                    spec.getVocabSize(),
                    spec.getTiedEmbeddings(),
                    attention);
        } catch (IllegalArgumentException e) {
            problems.add("'selfHost.shape' is not a valid model shape: " + e.getMessage());
            return null;
        }
    }
}
