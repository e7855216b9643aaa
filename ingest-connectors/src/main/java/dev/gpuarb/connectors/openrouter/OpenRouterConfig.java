package dev.gpuarb.connectors.openrouter;

import dev.gpuarb.connectors.core.CommonSourceConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Config of the OpenRouter connector. */
public final class OpenRouterConfig extends CommonSourceConfig {

    public static final String API_URL = "openrouter.api.url";
    public static final String MODELS = "openrouter.models";
    public static final String PER_PROVIDER = "openrouter.endpoints.enabled";
    public static final String INCLUDE_FREE = "openrouter.include.free";
    public static final String MAX_MODELS = "openrouter.max.models";

    public static final ConfigDef CONFIG_DEF = CommonSourceConfig.define(
            new ConfigDef()
                    .define(
                            API_URL,
                            Type.STRING,
                            "https://openrouter.ai/api/v1",
                            Importance.MEDIUM,
                            "Base URL of the OpenRouter API (no key needed for the model and endpoint lists).")
                    .define(
                            MODELS,
                            Type.LIST,
                            List.of(),
                            Importance.HIGH,
                            "Model ids (author/slug) to price; empty for every model with text output.")
                    .define(
                            PER_PROVIDER,
                            Type.BOOLEAN,
                            true,
                            Importance.MEDIUM,
                            "true: one request per model to /models/{author}/{slug}/endpoints, one offer per serving "
                                    + "provider; false: only /models, one offer per model (provider openrouter) at OpenRouter's headline price.")
                    .define(
                            INCLUDE_FREE,
                            Type.BOOLEAN,
                            false,
                            Importance.LOW,
                            "Whether ':free' model variants are priced; they share the model name with the paid variant.")
                    .define(
                            MAX_MODELS,
                            Type.INT,
                            1000,
                            ConfigDef.Range.atLeast(1),
                            Importance.LOW,
                            "Most models whose endpoints are requested per poll (bounds the requests of one poll)."),
            3_600_000L);

    public OpenRouterConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public String apiUrl() {
        String url = getString(API_URL);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public Set<String> models() {
        return new HashSet<>(getList(MODELS));
    }

    public boolean perProvider() {
        return getBoolean(PER_PROVIDER);
    }

    public boolean includeFree() {
        return getBoolean(INCLUDE_FREE);
    }

    public int maxModels() {
        return getInt(MAX_MODELS);
    }
}
