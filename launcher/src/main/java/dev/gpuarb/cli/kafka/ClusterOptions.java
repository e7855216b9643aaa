package dev.gpuarb.cli.kafka;

import dev.gpuarb.cli.common.StateDir;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where the CLI's Kafka clients connect. Defaults come from a running local pipeline (the state
 * directory's endpoints file), else the conventional local ports. {@code --client-config} passes
 * any client setting through unchanged — TLS, SASL, registry credentials — so a secured cluster
 * needs configuration only.
 */
public final class ClusterOptions {

    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
    static final String DEFAULT_REGISTRY = "http://127.0.0.1:8081/apis/ccompat/v7";

    @Option(
            names = "--bootstrap-servers",
            description = "Kafka brokers (default: the local run's, else " + DEFAULT_BOOTSTRAP + ").")
    String bootstrapServers;

    @Option(
            names = "--registry-url",
            description =
                    "Schema registry URL, Confluent API (default: the local run's, else " + DEFAULT_REGISTRY + ").")
    String registryUrl;

    @Option(
            names = "--client-config",
            paramLabel = "FILE",
            description =
                    "Properties file applied to every Kafka client and the registry client (security.protocol, sasl.*, ssl.*, basic.auth.*).")
    Path clientConfig;

    @Option(
            names = "--state-dir",
            description =
                    "State directory of a local run, for default endpoints (default: $GPUARB_STATE_DIR or ./.gpuarb).")
    Path stateDir;

    /** Client properties: bootstrap servers, schema.registry.url and the client-config file's settings. */
    public Map<String, Object> clientProperties() {
        Map<String, String> local = localEndpoints();
        Map<String, Object> props = new HashMap<>();
        props.put(
                "bootstrap.servers",
                bootstrapServers != null ? bootstrapServers : local.getOrDefault("kafka", DEFAULT_BOOTSTRAP));
        props.put(
                "schema.registry.url",
                registryUrl != null ? registryUrl : local.getOrDefault("schema_registry", DEFAULT_REGISTRY));
        if (clientConfig != null) {
            Properties file = new Properties();
            try (Reader in = Files.newBufferedReader(clientConfig, StandardCharsets.UTF_8)) {
                file.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --client-config " + clientConfig, e);
            }
            file.stringPropertyNames().forEach(k -> props.put(k, file.getProperty(k)));
        }
        return props;
    }

    private Map<String, String> localEndpoints() {
        Path dir = stateDir != null ? stateDir : StateDir.defaultLocation();
        Map<String, String> out = new HashMap<>();
        Properties p;
        try {
            p = StateDir.readProperties(dir.resolve(StateDir.ENDPOINTS_FILE));
        } catch (IOException e) {
            return out;
        }
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }
}
