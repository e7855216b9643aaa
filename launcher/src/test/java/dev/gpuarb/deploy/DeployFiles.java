package dev.gpuarb.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The deployment's files in the repository, read as the tests need them. */
final class DeployFiles {

    /** Tests run in the launcher module; the repository root is its parent. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    static final Path DEPLOY = ROOT.resolve("deploy");

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private DeployFiles() {}

    static JsonNode compose() {
        return yaml(COMPOSE);
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The services of the compose file by name, in file order. */
    static Map<String, JsonNode> services() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        compose().path("services").properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static JsonNode service(String name) {
        JsonNode svc = compose().path("services").path(name);
        if (svc.isMissingNode()) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return svc;
    }

    /** A one-shot service runs to completion once (restart "no"); every other one keeps running. */
    static boolean oneShot(JsonNode service) {
        return "no".equals(service.path("restart").asText());
    }

    /** Environment of a service, in map form. */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> out = new LinkedHashMap<>();
        service.path("environment")
                .properties()
                .forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Bind mounts of a service: container path -> repository path. */
    static Map<String, Path> bindMounts(JsonNode service) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[0].startsWith("./")) {
                out.put(parts[1], ROOT.resolve(parts[0]).normalize());
            }
        }
        return out;
    }

    static Properties properties(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An executable on the PATH, or null. */
    static String onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
