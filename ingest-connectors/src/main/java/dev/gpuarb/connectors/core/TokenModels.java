package dev.gpuarb.connectors.core;

import java.util.Locale;
import java.util.Set;

/**
 * Canonical token-priced model and provider names: lower case, without routing prefixes
 * ({@code vertex_ai/gemini-2.5-pro} -> {@code gemini-2.5-pro}), without Bedrock's vendor prefix and
 * version suffix ({@code anthropic.claude-3-haiku-20240307-v1:0} -> {@code claude-3-haiku-20240307}).
 */
public final class TokenModels {

    private static final Set<String> VENDOR_PREFIXES =
            Set.of("anthropic.", "meta.", "amazon.", "mistral.", "cohere.", "ai21.", "us.", "eu.", "apac.");

    private TokenModels() {}

    public static String canonicalModel(String providerModelId) {
        String id = providerModelId.trim().toLowerCase(Locale.ROOT);
        int slash = id.lastIndexOf('/');
        if (slash >= 0) {
            id = id.substring(slash + 1);
        }
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String prefix : VENDOR_PREFIXES) {
                if (id.startsWith(prefix)) {
                    id = id.substring(prefix.length());
                    stripped = true;
                }
            }
        }
        id = id.replaceFirst("-v\\d+(:\\d+)?$", "").replaceFirst(":\\d+$", "");
        // OpenRouter marks free variants with a suffix; the model is the same.
        return id.replaceFirst(":free$", "");
    }

    /** Provider ids as one vocabulary: LiteLLM's {@code vertex_ai-language-models} is {@code vertex_ai}. */
    public static String canonicalProvider(String provider) {
        String p = provider.trim().toLowerCase(Locale.ROOT);
        if (p.startsWith("vertex_ai")) {
            return "vertex_ai";
        }
        if (p.startsWith("text-completion-")) {
            return p.substring("text-completion-".length());
        }
        return p.replace(' ', '_');
    }
}
