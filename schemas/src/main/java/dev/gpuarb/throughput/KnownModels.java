package dev.gpuarb.throughput;

import dev.gpuarb.throughput.ModelShape.Attention;
import dev.gpuarb.throughput.ModelShape.Experts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Common open-weight models with their shapes (from each model's published configuration) and the
 * names LiteLLM, OpenRouter, Bedrock, Together, Groq, Fireworks, Vertex and Ollama use for them, so
 * that a per-token API offer and a self-hosted GPU offer of the same model meet as one product.
 *
 * <p>{@link #byName} ignores case, leading provider or organisation path segments
 * ({@code openrouter/}, {@code together_ai/meta-llama/}, {@code accounts/fireworks/models/}), Bedrock's
 * cross-region prefix ({@code us.}) and OpenRouter's variant suffixes ({@code :free}, {@code :nitro},
 * {@code :floor}, {@code :extended}). What remains must equal a listed name: anything else is unknown.
 * Moving aliases such as DeepSeek's {@code deepseek-chat} (whatever DeepSeek serves at the time) are
 * deliberately not listed.
 *
 * <p>Simplifications: parameter counts of DeepSeek and the Qwen3 mixtures' active parameters are the
 * published rounded figures; gpt-oss's MXFP4 weights are listed as {@link WeightFormat#INT4} although its
 * attention and embeddings stay in bf16 (about 10 % more memory than the table implies).
 */
public final class KnownModels {

    private static final List<String> OPENROUTER_VARIANTS = List.of(":free", ":nitro", ":floor", ":extended");
    private static final List<String> BEDROCK_REGION_GROUPS = List.of("us.", "eu.", "apac.", "us-gov.", "global.");

    private static final List<KnownModel> MODELS = new ArrayList<>();
    private static final Map<String, KnownModel> BY_NAME = new HashMap<>();

    static {
        ModelShape llama8b = ModelShape.dense(
                "llama-3.1-8b-instruct", 8_030_261_248L, 32, 4096, 128_256, false, Attention.grouped(32, 8, 128));
        ModelShape llama70b = ModelShape.dense(
                "llama-3.1-70b-instruct", 70_553_706_496L, 80, 8192, 128_256, false, Attention.grouped(64, 8, 128));
        ModelShape llama405b = ModelShape.dense(
                "llama-3.1-405b-instruct",
                405_853_388_800L,
                126,
                16_384,
                128_256,
                false,
                Attention.grouped(128, 8, 128));
        add(
                llama8b,
                WeightFormat.BF16,
                "meta-llama-3.1-8b-instruct",
                "meta-llama-3.1-8b-instruct-turbo",
                "meta.llama3-1-8b-instruct-v1:0",
                "llama3-1-8b-instruct",
                "llama-3.1-8b-instant",
                "llama-v3p1-8b-instruct",
                "llama-3.1-8b-instruct-maas",
                "llama3.1-8b",
                "llama3.1:8b");
        add(
                llama70b,
                WeightFormat.BF16,
                "meta-llama-3.1-70b-instruct",
                "meta-llama-3.1-70b-instruct-turbo",
                "meta.llama3-1-70b-instruct-v1:0",
                "llama3-1-70b-instruct",
                "llama-3.1-70b-versatile",
                "llama-v3p1-70b-instruct",
                "llama-3.1-70b-instruct-maas",
                "llama3.1-70b",
                "llama3.1:70b");
        add(
                llama70b.named("llama-3.3-70b-instruct"),
                WeightFormat.BF16,
                "meta-llama-3.3-70b-instruct",
                "llama-3.3-70b-instruct-turbo",
                "meta.llama3-3-70b-instruct-v1:0",
                "llama3-3-70b-instruct",
                "llama-3.3-70b-versatile",
                "llama-v3p3-70b-instruct",
                "llama-3.3-70b-instruct-maas",
                "llama3.3-70b",
                "llama3.3:70b");
        add(
                llama405b,
                WeightFormat.BF16,
                "meta-llama-3.1-405b-instruct",
                "meta-llama-3.1-405b-instruct-turbo",
                "meta.llama3-1-405b-instruct-v1:0",
                "llama3-1-405b-instruct",
                "llama-v3p1-405b-instruct",
                "llama-3.1-405b-instruct-maas",
                "llama3.1:405b");

        add(
                ModelShape.dense(
                        "qwen2.5-7b-instruct", 7_615_616_512L, 28, 3584, 152_064, false, Attention.grouped(28, 4, 128)),
                WeightFormat.BF16,
                "qwen-2.5-7b-instruct",
                "qwen2.5-7b-instruct-turbo",
                "qwen2.5:7b");
        add(
                ModelShape.dense(
                        "qwen2.5-32b-instruct",
                        32_763_876_352L,
                        64,
                        5120,
                        152_064,
                        false,
                        Attention.grouped(40, 8, 128)),
                WeightFormat.BF16,
                "qwen-2.5-32b-instruct",
                "qwen2.5:32b");
        add(
                ModelShape.dense(
                        "qwen2.5-72b-instruct",
                        72_706_203_648L,
                        80,
                        8192,
                        152_064,
                        false,
                        Attention.grouped(64, 8, 128)),
                WeightFormat.BF16,
                "qwen-2.5-72b-instruct",
                "qwen2.5-72b-instruct-turbo",
                "qwen2p5-72b-instruct",
                "qwen2.5:72b");
        add(
                ModelShape.dense("qwen3-8b", 8_190_735_360L, 36, 4096, 151_936, false, Attention.grouped(32, 8, 128)),
                WeightFormat.BF16,
                "qwen3:8b");
        add(
                ModelShape.dense("qwen3-32b", 32_762_123_264L, 64, 5120, 151_936, false, Attention.grouped(64, 8, 128)),
                WeightFormat.BF16,
                "qwen3:32b");
        add(
                ModelShape.mixture(
                        "qwen3-30b-a3b",
                        30_532_122_624L,
                        3_300_000_000L,
                        new Experts(128, 8),
                        48,
                        2048,
                        151_936,
                        false,
                        Attention.grouped(32, 4, 128)),
                WeightFormat.BF16,
                "qwen3:30b");
        add(
                ModelShape.mixture(
                        "qwen3-235b-a22b",
                        235_093_634_560L,
                        22_000_000_000L,
                        new Experts(128, 8),
                        94,
                        4096,
                        151_936,
                        false,
                        Attention.grouped(64, 4, 128)),
                WeightFormat.BF16,
                "qwen3:235b");

        add(
                ModelShape.dense(
                        "mistral-7b-instruct-v0.3",
                        7_248_023_552L,
                        32,
                        4096,
                        32_768,
                        false,
                        Attention.grouped(32, 8, 128)),
                WeightFormat.BF16,
                "mistral-7b-instruct",
                "mistral:7b");
        add(
                ModelShape.mixture(
                        "mixtral-8x7b-instruct-v0.1",
                        46_702_792_704L,
                        12_879_925_248L,
                        new Experts(8, 2),
                        32,
                        4096,
                        32_000,
                        false,
                        Attention.grouped(32, 8, 128)),
                WeightFormat.BF16,
                "mixtral-8x7b-instruct",
                "mistral.mixtral-8x7b-instruct-v0:1",
                "open-mixtral-8x7b",
                "mixtral-8x7b-32768",
                "mixtral:8x7b");

        // DeepSeek-V3 architecture: 256 routed experts (8 per token) besides a shared one; multi-head latent
        // attention caches 512 latent + 64 rotary elements per token and layer; queries and keys are 192 wide.
        ModelShape deepseek = ModelShape.mixture(
                "deepseek-v3",
                671_000_000_000L,
                37_000_000_000L,
                new Experts(256, 8),
                61,
                7168,
                129_280,
                false,
                Attention.latent(128, 192, 576));
        add(deepseek, WeightFormat.FP8);
        add(deepseek.named("deepseek-v3-0324"), WeightFormat.FP8, "deepseek-chat-v3-0324");
        add(deepseek.named("deepseek-v3.1"), WeightFormat.FP8, "deepseek-chat-v3.1");
        // V3.2 adds a sparse-attention indexer that this shape does not model (it lowers long-context cost).
        add(deepseek.named("deepseek-v3.2"), WeightFormat.FP8, "deepseek-v3-2-251201");
        add(deepseek.named("deepseek-r1"), WeightFormat.FP8, "deepseek.r1-v1:0", "deepseek-r1:671b");
        add(deepseek.named("deepseek-r1-0528"), WeightFormat.FP8);

        // gpt-oss: active counts add the input embedding (201,088 x 2,880) to the published 5.13 B / 3.61 B,
        // which leave it out; every other layer attends to a 128-token window.
        add(
                ModelShape.mixture(
                        "gpt-oss-120b",
                        116_830_000_000L,
                        5_709_133_440L,
                        new Experts(128, 4),
                        36,
                        2880,
                        201_088,
                        false,
                        Attention.grouped(64, 8, 64).withSlidingWindow(18, 128)),
                WeightFormat.INT4,
                "openai.gpt-oss-120b-1:0",
                "gpt-oss:120b");
        add(
                ModelShape.mixture(
                        "gpt-oss-20b",
                        20_910_000_000L,
                        4_189_133_440L,
                        new Experts(32, 4),
                        24,
                        2880,
                        201_088,
                        false,
                        Attention.grouped(64, 8, 64).withSlidingWindow(12, 128)),
                WeightFormat.INT4,
                "openai.gpt-oss-20b-1:0",
                "gpt-oss:20b");
    }

    private KnownModels() {}

    private static void add(ModelShape shape, WeightFormat published, String... names) {
        KnownModel model = new KnownModel(shape.name(), shape, published, List.of(names));
        MODELS.add(model);
        register(model.id(), model);
        for (String name : names) {
            register(name, model);
        }
    }

    private static void register(String name, KnownModel model) {
        if (!name.equals(name.toLowerCase(Locale.ROOT)) || name.contains("/")) {
            throw new IllegalStateException("names are lower case and without provider prefix: " + name);
        }
        KnownModel previous = BY_NAME.putIfAbsent(name, model);
        if (previous != null) {
            throw new IllegalStateException(name + " names both " + previous.id() + " and " + model.id());
        }
    }

    /** Every known model. */
    public static List<KnownModel> all() {
        return List.copyOf(MODELS);
    }

    /**
     * The known model a provider's model name means, e.g. {@code openrouter/meta-llama/llama-3.1-70b-instruct},
     * {@code bedrock/us.meta.llama3-1-70b-instruct-v1:0}, {@code together_ai/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo}.
     */
    public static Optional<KnownModel> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String candidate = withoutOpenRouterVariant(name.trim().toLowerCase(Locale.ROOT));
        while (!candidate.isEmpty()) {
            Optional<KnownModel> found = lookUp(candidate);
            if (found.isPresent()) {
                return found;
            }
            int slash = candidate.indexOf('/');
            if (slash < 0) {
                return Optional.empty();
            }
            candidate = candidate.substring(slash + 1);
        }
        return Optional.empty();
    }

    private static Optional<KnownModel> lookUp(String candidate) {
        KnownModel exact = BY_NAME.get(candidate);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (String group : BEDROCK_REGION_GROUPS) {
            if (candidate.startsWith(group)) {
                return Optional.ofNullable(BY_NAME.get(candidate.substring(group.length())));
            }
        }
        return Optional.empty();
    }

    private static String withoutOpenRouterVariant(String name) {
        for (String variant : OPENROUTER_VARIANTS) {
            if (name.endsWith(variant)) {
                return name.substring(0, name.length() - variant.length());
            }
        }
        return name;
    }
}
