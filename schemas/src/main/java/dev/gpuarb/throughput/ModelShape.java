package dev.gpuarb.throughput;

/**
 * The shape of a decoder-only transformer: what its speed and memory depend on. Weight values and
 * quantisation are not part of the shape ({@link WeightFormat} is chosen per deployment).
 *
 * @param name model name, e.g. {@code llama-3.1-8b-instruct}
 * @param totalParams all parameters, embeddings included: what has to sit in GPU memory
 * @param activeParams the parameters one token passes through, input embedding included; equal to
 *        {@code totalParams} for a dense model, the shared part plus the routed experts for a MoE
 * @param layers decoder layers
 * @param hiddenSize model width
 * @param vocabSize vocabulary size (embedding rows)
 * @param tiedEmbeddings whether the output head reuses the input embedding matrix
 * @param attention attention heads and KV-cache layout
 * @param experts routed experts (count and per token); {@link Experts#NONE} for a dense model
 */
public record ModelShape(
        String name,
        long totalParams,
        long activeParams,
        int layers,
        int hiddenSize,
        int vocabSize,
        boolean tiedEmbeddings,
        Attention attention,
        Experts experts) {

    public ModelShape {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is required");
        }
        if (totalParams <= 0 || activeParams <= 0 || activeParams > totalParams) {
            throw new IllegalArgumentException(name + ": need 0 < activeParams <= totalParams");
        }
        if (layers <= 0 || hiddenSize <= 0 || vocabSize <= 0) {
            throw new IllegalArgumentException(name + ": layers, hiddenSize and vocabSize must be positive");
        }
        if (attention.slidingWindowLayers() > layers) {
            throw new IllegalArgumentException(name + ": more sliding-window layers than layers");
        }
        if (!experts.isMixture() && activeParams != totalParams) {
            throw new IllegalArgumentException(name + ": a dense model has activeParams == totalParams");
        }
        if (experts.isMixture() && activeParams == totalParams) {
            throw new IllegalArgumentException(name + ": a mixture of experts has fewer active than total params");
        }
    }

    /**
     * Attention layout.
     *
     * @param heads query heads
     * @param kvHeads key/value heads; 1 for multi-head latent attention, whose one latent vector per token
     *        cannot be split across tensor-parallel GPUs (each GPU then holds the whole cache)
     * @param headDim size of one head (for latent attention: the query/key head size), used for attention FLOPs
     * @param kvElementsPerTokenPerLayer KV-cache elements stored per token and layer: {@code 2 x kvHeads x headDim}
     *        for grouped-query attention, the latent plus rotary width for latent attention
     * @param slidingWindowLayers layers that attend only to the last {@code slidingWindowTokens} tokens
     * @param slidingWindowTokens window of those layers (ignored when there are none)
     */
    public record Attention(
            int heads,
            int kvHeads,
            int headDim,
            int kvElementsPerTokenPerLayer,
            int slidingWindowLayers,
            int slidingWindowTokens) {

        public Attention {
            if (heads <= 0 || kvHeads <= 0 || kvHeads > heads || headDim <= 0 || kvElementsPerTokenPerLayer <= 0) {
                throw new IllegalArgumentException("attention figures must be positive, kvHeads <= heads");
            }
            if (slidingWindowLayers < 0 || (slidingWindowLayers > 0 && slidingWindowTokens <= 0)) {
                throw new IllegalArgumentException("a sliding window needs a positive size");
            }
        }

        /** Grouped-query (or multi-head, when kvHeads == heads) attention: keys and values per KV head. */
        public static Attention grouped(int heads, int kvHeads, int headDim) {
            return new Attention(heads, kvHeads, headDim, 2 * kvHeads * headDim, 0, 0);
        }

        /** Multi-head latent attention (DeepSeek-V3): one compressed vector per token and layer. */
        public static Attention latent(int heads, int queryKeyHeadDim, int latentElementsPerToken) {
            return new Attention(heads, 1, queryKeyHeadDim, latentElementsPerToken, 0, 0);
        }

        /** The same attention with {@code layers} of the model limited to a window of {@code tokens}. */
        public Attention withSlidingWindow(int layers, int tokens) {
            return new Attention(heads, kvHeads, headDim, kvElementsPerTokenPerLayer, layers, tokens);
        }
    }

    /** Routed experts of a mixture-of-experts model: how many there are per layer and how many a token uses. */
    public record Experts(int count, int perToken) {
        public static final Experts NONE = new Experts(1, 1);

        public Experts {
            if (count < 1 || perToken < 1 || perToken > count) {
                throw new IllegalArgumentException("need 1 <= perToken <= count");
            }
        }

        public boolean isMixture() {
            return count > perToken;
        }
    }

    public static ModelShape dense(
            String name,
            long params,
            int layers,
            int hiddenSize,
            int vocabSize,
            boolean tiedEmbeddings,
            Attention attention) {
        return new ModelShape(
                name, params, params, layers, hiddenSize, vocabSize, tiedEmbeddings, attention, Experts.NONE);
    }

    public static ModelShape mixture(
            String name,
            long totalParams,
            long activeParams,
            Experts experts,
            int layers,
            int hiddenSize,
            int vocabSize,
            boolean tiedEmbeddings,
            Attention attention) {
        return new ModelShape(
                name, totalParams, activeParams, layers, hiddenSize, vocabSize, tiedEmbeddings, attention, experts);
    }

    /** The same shape under another name (a checkpoint of the same architecture). */
    public ModelShape named(String otherName) {
        return new ModelShape(
                otherName,
                totalParams,
                activeParams,
                layers,
                hiddenSize,
                vocabSize,
                tiedEmbeddings,
                attention,
                experts);
    }

    /** Parameters of one embedding matrix (vocabulary x width). */
    public long embeddingParams() {
        return (long) vocabSize * hiddenSize;
    }

    /**
     * One routed expert's parameters summed over all layers. From the two published totals:
     * total = shared + count x expert and active = shared + perToken x expert.
     */
    double paramsPerExpert() {
        return experts.isMixture() ? (double) (totalParams - activeParams) / (experts.count() - experts.perToken()) : 0;
    }

    /** Parameters every token uses (attention, dense layers, shared experts, embeddings). */
    double sharedParams() {
        return activeParams - experts.perToken() * paramsPerExpert();
    }

    /**
     * Parameters read from memory by one forward pass over {@code tokens} tokens. The input embedding is
     * a row lookup (a few rows, not the matrix) unless it doubles as the output head. For a mixture of
     * experts, each layer reads the experts at least one token is routed to: with uniform routing, the
     * expected number is {@code count x (1 - (1 - perToken/count)^tokens)} -- {@code perToken} for one token,
     * nearly all of them for a batch of dozens. Real routers are less uniform, so this errs towards
     * reading more.
     */
    double paramsReadPerForwardPass(long tokens) {
        double expertsRead = experts.isMixture()
                ? experts.count() * (1 - Math.pow(1 - (double) experts.perToken() / experts.count(), tokens))
                : 0;
        double read = sharedParams() + expertsRead * paramsPerExpert();
        return tiedEmbeddings ? read : read - embeddingParams();
    }

    /** Parameters in matrix multiplies per generated token: all active ones but the input embedding lookup. */
    double matmulParamsPerGeneratedToken() {
        return tiedEmbeddings ? activeParams : activeParams - embeddingParams();
    }

    /** Per prompt token: as generated tokens, less the output head, which runs for the last prompt token only. */
    double matmulParamsPerPromptToken() {
        return matmulParamsPerGeneratedToken() - embeddingParams();
    }

    /** Tokens attended to, summed over layers, by a token at position {@code context}. */
    double attendedTokensOverLayers(int context) {
        int windowed = attention.slidingWindowLayers();
        return (double) (layers - windowed) * context
                + (double) windowed * Math.min(context, attention.slidingWindowTokens());
    }

    /** The same, averaged over the positions 1..prompt of a prompt processed at once (causal attention). */
    double meanAttendedTokensOverLayersDuringPrefill(int prompt) {
        int windowed = attention.slidingWindowLayers();
        double full = (prompt + 1) / 2.0;
        int window = attention.slidingWindowTokens();
        double limited =
                prompt <= window ? full : (window * (window + 1) / 2.0 + (double) (prompt - window) * window) / prompt;
        return (layers - windowed) * full + windowed * limited;
    }

    /** KV-cache elements one sequence holds at a context of {@code context} tokens. */
    double kvCacheElementsPerSequence(int context) {
        return attendedTokensOverLayers(context) * attention.kvElementsPerTokenPerLayer();
    }
}
