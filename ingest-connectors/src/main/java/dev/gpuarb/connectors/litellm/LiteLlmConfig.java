package dev.gpuarb.connectors.litellm;

import dev.gpuarb.connectors.core.CommonSourceConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Config of the LiteLLM price-file connector. */
public final class LiteLlmConfig extends CommonSourceConfig {

    public static final String LOCATIONS = "litellm.locations";
    public static final String MODES = "litellm.modes";

    public static final ConfigDef CONFIG_DEF = CommonSourceConfig.define(
            new ConfigDef()
                    .define(
                            LOCATIONS,
                            Type.LIST,
                            List.of(
                                    "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json"),
                            Importance.HIGH,
                            "model_prices_and_context_window.json files or URLs.")
                    .define(
                            MODES,
                            Type.LIST,
                            List.of("chat", "completion", "responses"),
                            Importance.LOW,
                            "Entry modes priced per text token; entries of other modes (images, audio, embeddings) are skipped."),
            3_600_000L);

    public LiteLlmConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public List<String> locations() {
        return getList(LOCATIONS);
    }

    public Set<String> modes() {
        return new HashSet<>(getList(MODES));
    }
}
