package dev.gpuarb.connectors.litellm;

import dev.gpuarb.vocab.Jurisdictions;
import dev.gpuarb.vocab.RegionResidency;
import dev.gpuarb.vocab.Regions;
import java.util.Locale;

/**
 * The region a LiteLLM map entry states in its key, if any. Regional deployments are separate entries
 * with the region as the second path segment ({@code bedrock/eu-west-3/mistral.mistral-large-2402-v1:0},
 * {@code azure/eu/gpt-4o-2024-08-06}); Bedrock's cross-region inference profiles start the model id
 * with an area ({@code eu.anthropic.claude-3-5-sonnet-20240620-v1:0}). Any other entry states none,
 * and its offer gets no residency tags.
 */
final class LiteLlmRegions {

    private LiteLlmRegions() {}

    /** The region or area of the entry, lower case, or null when its key states none. */
    static String regionOf(String modelId, String provider) {
        String[] segments = modelId.trim().toLowerCase(Locale.ROOT).split("/");
        if (segments.length >= 3 && isRegion(segments[1], provider)) {
            return segments[1];
        }
        String model = segments[segments.length - 1];
        int dot = model.indexOf('.');
        if (provider.startsWith("bedrock")
                && dot > 0
                && Jurisdictions.ofArea(model.substring(0, dot)).isPresent()) {
            return model.substring(0, dot);
        }
        return null;
    }

    /**
     * An AWS region code counts even when the residency vocabulary does not know it yet (its offers
     * are then counted as of unknown region); anything else must be a known region or an area.
     */
    private static boolean isRegion(String segment, String provider) {
        return Regions.isAwsRegion(segment)
                || RegionResidency.of(provider, segment).isPresent();
    }
}
