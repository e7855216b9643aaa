package dev.gpuarb.cli.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Which price sources a local run streams from, with the user's settings for each and the dumps to
 * replay at start; checked completely before any engine starts, so that a typo is an error at once
 * and not a connector failing minutes later.
 *
 * @param sources    what was asked for, in start order (empty: replayed dumps only)
 * @param settings   the user's connector settings per source, on top of {@link PipelineConnectors#source}
 * @param replay     files or directories of price dumps to send once the run is up
 */
public record SourcePlan(List<LocalSource> sources, Map<LocalSource, Map<String, String>> settings, List<Path> replay) {

    /** {@code --sources} value for every public source. */
    public static final String REAL = "real";
    /** {@code --sources} value for no live source (replayed dumps only). */
    public static final String NONE = "none";

    public SourcePlan {
        sources = List.copyOf(sources);
        Map<LocalSource, Map<String, String>> copy = new EnumMap<>(LocalSource.class);
        settings.forEach((s, m) -> copy.put(s, Map.copyOf(m)));
        settings = copy;
        replay = List.copyOf(replay);
    }

    /** The default: every public source, nothing replayed. */
    public static SourcePlan realSources() {
        return new SourcePlan(LocalSource.real(), Map.of(), List.of());
    }

    /**
     * Parses the command line's choices.
     *
     * @param sourcesOption {@code real}, {@code sim}, {@code none}, or a comma-separated list of source names
     *                      (where {@code real} stands for every public source)
     * @param sourceSettings {@code <source>.<connector setting>} to value
     * @throws IllegalArgumentException with a message for the user when anything is wrong
     */
    public static SourcePlan parse(String sourcesOption, Map<String, String> sourceSettings, List<Path> replay) {
        Set<LocalSource> chosen = new LinkedHashSet<>();
        String option = sourcesOption == null ? REAL : sourcesOption.trim();
        if (!option.equalsIgnoreCase(NONE)) {
            for (String name : option.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                if (name.trim().equalsIgnoreCase(REAL)) {
                    chosen.addAll(LocalSource.real());
                    continue;
                }
                chosen.add(LocalSource.byLabel(name)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "unknown source '" + name.trim() + "' in --sources; known: " + knownLabels() + ", or "
                                        + REAL + " (every public source) or " + NONE)));
            }
            if (chosen.isEmpty()) {
                throw new IllegalArgumentException(
                        "--sources names no source; known: " + knownLabels() + ", or " + REAL + " or " + NONE);
            }
        }
        Map<LocalSource, Map<String, String>> settings = new EnumMap<>(LocalSource.class);
        sourceSettings.forEach((qualified, value) -> {
            int dot = qualified.indexOf('.');
            LocalSource source =
                    dot > 0 ? LocalSource.byLabel(qualified.substring(0, dot)).orElse(null) : null;
            if (source == null) {
                throw new IllegalArgumentException("--source-setting " + qualified
                        + ": expected <source>.<setting>=<value> " + "with <source> one of " + knownLabels());
            }
            if (!chosen.contains(source)) {
                throw new IllegalArgumentException("--source-setting " + qualified + ": source " + source.label()
                        + " is not among --sources (" + (chosen.isEmpty() ? NONE : labels(chosen)) + ")");
            }
            String key = qualified.substring(dot + 1);
            if (!source.configDef().names().contains(key)) {
                throw new IllegalArgumentException("--source-setting " + qualified + ": the " + source.label()
                        + " connector has no setting '" + key + "'; it has: "
                        + String.join(", ", source.configDef().names()));
            }
            settings.computeIfAbsent(source, s -> new LinkedHashMap<>()).put(key, value);
        });
        for (Path path : replay) {
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("--replay " + path + ": no such file or directory");
            }
        }
        SourcePlan plan = new SourcePlan(new ArrayList<>(chosen), settings, replay);
        for (LocalSource source : plan.sources()) {
            plan.connectorConfig(source, Instant.EPOCH); // every setting checked by its connector's own definition
        }
        return plan;
    }

    /** Whether a public source was asked for (an offline run then falls back to the simulator). */
    public boolean wantsRealSources() {
        return sources.stream().anyMatch(LocalSource::isReal);
    }

    /**
     * The connector config of a source: the run's defaults, then the user's settings.
     *
     * @throws IllegalArgumentException when a setting's value is not valid for the connector
     */
    public Map<String, String> connectorConfig(LocalSource source, Instant simulatorStart) {
        Map<String, String> config = new LinkedHashMap<>(PipelineConnectors.source(source, simulatorStart));
        config.putAll(settings.getOrDefault(source, Map.of()));
        try {
            source.configDef().parse(config);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--source-setting for " + source.label() + ": " + e.getMessage(), e);
        }
        return config;
    }

    /**
     * The user's settings that their connector declares as passwords (an API key), by
     * {@code <source>.<setting>}: the run keeps them in the Connect worker's secrets file and gives the
     * connector a reference, so they never reach Connect's REST API, its config topic or a log.
     */
    public Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        settings.forEach((source, values) -> values.forEach((key, value) -> {
            if (isSecret(source, key)) {
                secrets.put(source.label() + "." + key, value);
            }
        }));
        return secrets;
    }

    static boolean isSecret(LocalSource source, String key) {
        ConfigDef.ConfigKey definition = source.configDef().configKeys().get(key);
        return definition != null && definition.type == ConfigDef.Type.PASSWORD;
    }

    static String labels(Iterable<LocalSource> sources) {
        List<String> labels = new ArrayList<>();
        sources.forEach(s -> labels.add(s.label()));
        return String.join(",", labels);
    }

    private static String knownLabels() {
        return java.util.Arrays.stream(LocalSource.values())
                .map(LocalSource::label)
                .collect(Collectors.joining(", "));
    }
}
