package dev.gpuarb.cli.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gpuarb.avro.ModelShapeSpec;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.SelfHostPolicy;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.policy.PolicyRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.avro.Schema;

/**
 * Reads a route policy written by a person (JSON or YAML, field names as in RoutePolicy.avsc) into
 * the Avro record. Every problem is reported at once, by field, so a policy file is fixed in one
 * round; nothing is guessed: an unknown field is an error, not ignored (a typo such as
 * "maxPirce" would otherwise silently remove a price ceiling).
 */
public final class PolicyParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> FIELDS = fieldNames();
    private static final Set<String> SELF_HOST_FIELDS = fieldNames(SelfHostPolicy.getClassSchema());
    private static final Set<String> SHAPE_FIELDS = fieldNames(ModelShapeSpec.getClassSchema());

    private PolicyParser() {}

    /** Parses JSON, or YAML when the text does not start with '{'. */
    public static RoutePolicy parse(String text, Instant now) {
        if (text == null || text.isBlank()) {
            throw new PolicyException(List.of("the policy is empty"));
        }
        JsonNode node;
        try {
            node = text.stripLeading().startsWith("{") ? JSON.readTree(text) : YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PolicyException(List.of("not valid JSON or YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null
                            ? " (line " + e.getLocation().getLineNr() + ", column "
                                    + e.getLocation().getColumnNr() + ")"
                            : "")));
        }
        return fromTree(node, now);
    }

    /** Maps an already parsed tree (e.g. from flags) to the record. */
    public static RoutePolicy fromTree(JsonNode node, Instant now) {
        if (node == null || !node.isObject()) {
            throw new PolicyException(List.of("a policy must be an object with fields such as routeId and kind"));
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                problems.add("unknown field '" + name + "' (known: " + String.join(", ", FIELDS) + ")");
            }
        }
        Fields f = new Fields(node, problems);
        RoutePolicy.Builder b = RoutePolicy.newBuilder();
        b.setRouteId(f.requiredText("routeId"));
        WorkloadKind kind = f.requiredEnum("kind", WorkloadKind::valueOf, WorkloadKind.values());
        b.setKind(kind == null ? WorkloadKind.GPU_HOURS : kind);
        b.setGpuModel(f.text("gpuModel"));
        b.setMinGpuMemoryGb(f.positiveInt("minGpuMemoryGb"));
        b.setMinGpuCount(f.positiveInt("minGpuCount"));
        b.setPricingModels(f.enumList("pricingModels", PricingModel::valueOf, PricingModel.values()));
        b.setModel(f.text("model"));
        Double ratio = f.nonNegativeDouble("inputOutputRatio");
        if (ratio != null) {
            b.setInputOutputRatio(ratio);
        }
        b.setMaxP99LatencyMs(f.positiveDouble("maxP99LatencyMs"));
        Boolean measured = f.bool("requireMeasuredLatency");
        if (measured != null) {
            b.setRequireMeasuredLatency(measured);
        }
        b.setRequiredTags(f.textList("requiredTags"));
        b.setAllowedRegions(f.textList("allowedRegions"));
        b.setAllowedProviders(f.textList("allowedProviders"));
        b.setExcludedProviders(f.textList("excludedProviders"));
        b.setMaxPrice(f.positiveDouble("maxPrice"));
        b.setMinReliability(f.share("minReliability"));
        Double hysteresis = f.nonNegativeDouble("hysteresisPct");
        if (hysteresis != null) {
            if (hysteresis >= 100) {
                problems.add("hysteresisPct must be below 100, got " + hysteresis);
            }
            b.setHysteresisPct(hysteresis);
        }
        Long dwell = f.nonNegativeLong("minDwellMs");
        if (dwell != null) {
            b.setMinDwellMs(dwell);
        }
        b.setSelfHost(selfHost(node.get("selfHost"), problems));
        Long updatedAt = f.nonNegativeLong("updatedAt");
        b.setUpdatedAt(updatedAt != null ? Instant.ofEpochMilli(updatedAt) : now);

        if (kind == WorkloadKind.GPU_HOURS && node.hasNonNull("model")) {
            problems.add("'model' is for TOKENS routes; a GPU_HOURS route names gpuModel and/or minGpuMemoryGb");
        }
        if (kind == WorkloadKind.GPU_HOURS && !node.hasNonNull("gpuModel") && !node.hasNonNull("minGpuMemoryGb")) {
            problems.add("a GPU_HOURS route needs gpuModel or minGpuMemoryGb");
        }
        if (kind == WorkloadKind.TOKENS && !node.hasNonNull("model")) {
            problems.add("a TOKENS route needs model");
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        RoutePolicy policy = b.build();
        // The same rules the Streams app applies on arrival: bounds, list sizes, no future updatedAt.
        List<String> broken = PolicyRules.problems(policy, now, PolicyRules.DEFAULT_MAX_FUTURE_SKEW);
        if (!broken.isEmpty()) {
            throw new PolicyException(broken);
        }
        return policy;
    }

    /** The selfHost object (null when absent); its fields are checked like the policy's, names prefixed. */
    private static SelfHostPolicy selfHost(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.add("'selfHost' must be an object such as {concurrency: 16}, got " + node);
            return null;
        }
        unknownFields(node, SELF_HOST_FIELDS, "selfHost.", problems);
        Fields f = new Fields(node, problems, "selfHost.");
        SelfHostPolicy.Builder b = SelfHostPolicy.newBuilder();
        b.setModel(f.text("model"));
        b.setWeights(f.text("weights"));
        Integer concurrency = f.positiveInt("concurrency");
        if (concurrency != null) {
            b.setConcurrency(concurrency);
        }
        Integer context = f.positiveInt("contextTokens");
        if (context != null) {
            b.setContextTokens(context);
        }
        b.setMinOutputTokensPerSecond(f.positiveDouble("minOutputTokensPerSecond"));
        b.setPricingModels(f.enumList("pricingModels", PricingModel::valueOf, PricingModel.values()));
        JsonNode shape = node.get("shape");
        if (shape != null && !shape.isNull()) {
            b.setShape(shape(shape, problems));
        }
        return b.build();
    }

    private static ModelShapeSpec shape(JsonNode node, List<String> problems) {
        if (!node.isObject()) {
            problems.add("'selfHost.shape' must be an object, got " + node);
            return null;
        }
        unknownFields(node, SHAPE_FIELDS, "selfHost.shape.", problems);
        Fields f = new Fields(node, problems, "selfHost.shape.");
        ModelShapeSpec.Builder b = ModelShapeSpec.newBuilder()
                .setName(f.requiredText("name"))
                .setTotalParams(f.requiredPositiveLong("totalParams"))
                .setActiveParams(f.positiveLong("activeParams"))
                .setRoutedExperts(f.positiveInt("routedExperts"))
                .setExpertsPerToken(f.positiveInt("expertsPerToken"));
        b.setLayers(f.requiredPositiveInt("layers"))
                .setHiddenSize(f.requiredPositiveInt("hiddenSize"))
                .setVocabSize(f.requiredPositiveInt("vocabSize"))
                .setAttentionHeads(f.requiredPositiveInt("attentionHeads"))
                .setKvHeads(f.requiredPositiveInt("kvHeads"))
                .setHeadDim(f.requiredPositiveInt("headDim"));
        Boolean tied = f.bool("tiedEmbeddings");
        b.setTiedEmbeddings(tied != null && tied);
        return problems.isEmpty() ? b.build() : null;
    }

    private static void unknownFields(JsonNode node, Set<String> known, String prefix, List<String> problems) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                problems.add("unknown field '" + prefix + name + "' (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private static Set<String> fieldNames() {
        return fieldNames(RoutePolicy.getClassSchema());
    }

    private static Set<String> fieldNames(Schema schema) {
        Set<String> names = new TreeSet<>();
        for (Schema.Field field : schema.getFields()) {
            names.add(field.name());
        }
        return names;
    }

    /** Typed access to the fields of one policy, collecting problems instead of failing at the first. */
    private static final class Fields {
        private final JsonNode node;
        private final List<String> problems;
        /** Prepended to field names in problems, for nested objects ("selfHost."). */
        private final String path;

        Fields(JsonNode node, List<String> problems) {
            this(node, problems, "");
        }

        Fields(JsonNode node, List<String> problems, String path) {
            this.node = node;
            this.problems = problems;
            this.path = path;
        }

        String requiredText(String name) {
            String v = text(name);
            if (v == null) {
                problems.add("'" + path + name + "' is required");
                return "";
            }
            return v;
        }

        Boolean bool(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isBoolean()) {
                problems.add("'" + path + name + "' must be true or false, got " + v);
                return null;
            }
            return v.asBoolean();
        }

        String text(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                problems.add("'" + path + name + "' must be a non-empty string, got " + v);
                return null;
            }
            return v.asText().trim();
        }

        <E extends Enum<E>> E requiredEnum(String name, Function<String, E> valueOf, E[] values) {
            String v = text(name);
            if (v == null) {
                problems.add("'" + path + name + "' is required (one of " + List.of(values) + ")");
                return null;
            }
            return enumValue(name, v, valueOf, values);
        }

        private <E extends Enum<E>> E enumValue(String name, String v, Function<String, E> valueOf, E[] values) {
            try {
                return valueOf.apply(v.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                problems.add("'" + path + name + "' must be one of " + List.of(values) + ", got '" + v + "'");
                return null;
            }
        }

        <E extends Enum<E>> List<E> enumList(String name, Function<String, E> valueOf, E[] values) {
            List<E> out = new ArrayList<>();
            for (String s : textList(name)) {
                E e = enumValue(name, s, valueOf, values);
                if (e != null) {
                    out.add(e);
                }
            }
            return out;
        }

        List<String> textList(String name) {
            JsonNode v = node.get(name);
            List<String> out = new ArrayList<>();
            if (v == null || v.isNull()) {
                return out;
            }
            if (!v.isArray()) {
                problems.add("'" + path + name + "' must be a list of strings, got " + v);
                return out;
            }
            for (JsonNode item : v) {
                if (!item.isTextual() || item.asText().isBlank()) {
                    problems.add("'" + path + name + "' must hold non-empty strings, got " + item);
                } else {
                    out.add(item.asText().trim());
                }
            }
            return out;
        }

        Integer positiveInt(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() <= 0) {
                problems.add("'" + path + name + "' must be a whole number > 0, got " + v);
                return null;
            }
            return v.asInt();
        }

        /** The whole number, or 0 after recording why there is none. */
        int requiredPositiveInt(String name) {
            if (!node.hasNonNull(name)) {
                problems.add("'" + path + name + "' is required");
                return 0;
            }
            Integer v = positiveInt(name);
            return v == null ? 0 : v;
        }

        long requiredPositiveLong(String name) {
            if (!node.hasNonNull(name)) {
                problems.add("'" + path + name + "' is required");
                return 0;
            }
            Long v = positiveLong(name);
            return v == null ? 0 : v;
        }

        Long positiveLong(String name) {
            Long v = nonNegativeLong(name);
            if (v != null && v == 0) {
                problems.add("'" + path + name + "' must be a whole number > 0, got 0");
                return null;
            }
            return v;
        }

        Long nonNegativeLong(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                problems.add("'" + path + name + "' must be a whole number >= 0, got " + v);
                return null;
            }
            return v.asLong();
        }

        Double positiveDouble(String name) {
            Double d = number(name);
            if (d != null && d <= 0) {
                problems.add("'" + path + name + "' must be > 0, got " + d);
                return null;
            }
            return d;
        }

        Double nonNegativeDouble(String name) {
            Double d = number(name);
            if (d != null && d < 0) {
                problems.add("'" + path + name + "' must be >= 0, got " + d);
                return null;
            }
            return d;
        }

        /** A share in [0, 1] (a reliability). */
        Double share(String name) {
            Double d = number(name);
            if (d != null && (d < 0 || d > 1)) {
                problems.add("'" + path + name + "' must be in [0, 1], got " + d);
                return null;
            }
            return d;
        }

        private Double number(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                problems.add("'" + path + name + "' must be a number, got " + v);
                return null;
            }
            return v.asDouble();
        }
    }

    /** The policy is not acceptable; {@link #problems()} lists every reason. */
    public static final class PolicyException extends RuntimeException {
        private final List<String> problems;

        public PolicyException(List<String> problems) {
            super("invalid route policy: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** For callers that build a policy from command-line flags. */
    public static JsonNode tree(Map<String, Object> fields) {
        return JSON.valueToTree(fields);
    }
}
