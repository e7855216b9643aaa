package dev.gpuarb.cli.replay;

import dev.gpuarb.connectors.awsspot.AwsSpotConfig;
import dev.gpuarb.connectors.awsspot.AwsSpotReplaySource;
import dev.gpuarb.connectors.core.CommonSourceConfig;
import dev.gpuarb.connectors.core.PriceSource;
import dev.gpuarb.connectors.core.SourceContext;
import dev.gpuarb.connectors.litellm.LiteLlmConfig;
import dev.gpuarb.connectors.litellm.LiteLlmSource;
import dev.gpuarb.connectors.skypilot.SkyPilotCatalogConfig;
import dev.gpuarb.connectors.skypilot.SkyPilotCatalogSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The price dumps the connectors read from files, and for each the connector's own source, so a
 * replay parses, validates and rejects exactly as the connector in a Connect worker would.
 * OpenRouter and Azure read live APIs only and have no file form.
 */
public enum DumpKind {

    /** SkyPilot catalog CSVs ({@code <provider>-vms.csv}, {@code <provider>/vms.csv}). */
    SKYPILOT("skypilot") {
        @Override
        CommonSourceConfig config(Path file, Map<String, String> settings) {
            return new SkyPilotCatalogConfig(with(settings, SkyPilotCatalogConfig.LOCATIONS, file));
        }

        @Override
        PriceSource source(CommonSourceConfig config, SourceContext context) {
            return new SkyPilotCatalogSource((SkyPilotCatalogConfig) config, context);
        }
    },
    /** EC2 spot price history: the TSV of {@code describe-spot-price-history --output text}, or its JSON. */
    AWS_SPOT("aws-spot") {
        @Override
        CommonSourceConfig config(Path file, Map<String, String> settings) {
            Map<String, Object> props = with(settings, AwsSpotConfig.REPLAY_LOCATIONS, file);
            props.put(AwsSpotConfig.MODE, AwsSpotConfig.MODE_REPLAY);
            return new AwsSpotConfig(props);
        }

        @Override
        PriceSource source(CommonSourceConfig config, SourceContext context) {
            return new AwsSpotReplaySource((AwsSpotConfig) config, context);
        }
    },
    /** LiteLLM's {@code model_prices_and_context_window.json}. */
    LITELLM("litellm") {
        @Override
        CommonSourceConfig config(Path file, Map<String, String> settings) {
            return new LiteLlmConfig(with(settings, LiteLlmConfig.LOCATIONS, file));
        }

        @Override
        PriceSource source(CommonSourceConfig config, SourceContext context) {
            return new LiteLlmSource((LiteLlmConfig) config, context);
        }
    };

    /** Enough of a file's start to tell JSON dumps apart. */
    private static final int SNIFF_BYTES = 64 * 1024;

    private final String label;

    DumpKind(String label) {
        this.label = label;
    }

    /** The name used on the command line and in the summary. */
    public String label() {
        return label;
    }

    /**
     * The connector's configuration for this one file plus the user's connector settings.
     *
     * @throws org.apache.kafka.common.config.ConfigException for a setting the connector refuses
     */
    abstract CommonSourceConfig config(Path file, Map<String, String> settings);

    /** The connector's source over the file of {@code config}. */
    abstract PriceSource source(CommonSourceConfig config, SourceContext context);

    private static Map<String, Object> with(Map<String, String> settings, String locationsKey, Path file) {
        // A list value, not a comma-joined string: a path may contain commas.
        Map<String, Object> props = new HashMap<>(settings);
        props.put(locationsKey, List.of(file.toString()));
        return props;
    }

    public static Optional<DumpKind> byLabel(String label) {
        for (DumpKind kind : values()) {
            if (kind.label.equalsIgnoreCase(label)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /**
     * Recognises a dump by its name and, for JSON, by its first bytes: a CSV whose header names
     * SkyPilot's columns, a {@code .tsv}, JSON with {@code SpotPrice} fields, JSON with LiteLLM's
     * per-token cost fields. Anything else is not a dump this command reads.
     */
    public static Optional<DumpKind> detect(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".tsv")) {
            return Optional.of(AWS_SPOT);
        }
        if (name.endsWith(".csv")) {
            String head = sniff(file);
            return head.startsWith("InstanceType,") || head.startsWith("\uFEFFInstanceType,")
                    ? Optional.of(SKYPILOT)
                    : Optional.empty();
        }
        if (name.endsWith(".json")) {
            String head = sniff(file);
            if (head.contains("\"SpotPrice\"") || head.contains("\"SpotPriceHistory\"")) {
                return Optional.of(AWS_SPOT);
            }
            if (head.contains("\"litellm_provider\"") || head.contains("_cost_per_token\"")) {
                return Optional.of(LITELLM);
            }
        }
        return Optional.empty();
    }

    private static String sniff(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(SNIFF_BYTES), StandardCharsets.UTF_8);
        }
    }
}
