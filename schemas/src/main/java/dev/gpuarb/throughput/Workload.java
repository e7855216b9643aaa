package dev.gpuarb.throughput;

/**
 * What a deployment is asked to serve at one moment.
 *
 * @param batch concurrent sequences decoded together (one token each per decode step); for prefill, the
 *        number of prompts processed in one pass
 * @param contextTokens tokens each sequence holds in the KV cache (prompt plus output so far); for
 *        prefill, the prompt length
 */
public record Workload(int batch, int contextTokens) {
    public Workload {
        if (batch < 1 || contextTokens < 1) {
            throw new IllegalArgumentException("batch and contextTokens must be >= 1");
        }
    }
}
