package dev.gpuarb.deploy;

import static dev.gpuarb.deploy.DeployFiles.COMPOSE;
import static dev.gpuarb.deploy.DeployFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The deployment file: valid for docker-compose, every port published on loopback only, every
 * image pinned or built from the repository, every long-running service health-checked and
 * waited for, no secret written into it.
 */
class DockerComposeFileIT {

    /** The secrets the file takes from the environment; values here are throwaway placeholders. */
    static final Map<String, String> SECRETS = Map.of(
            "CLICKHOUSE_PASSWORD", "placeholder-for-validation",
            "CLICKHOUSE_ADMIN_PASSWORD", "placeholder-for-validation",
            "GRAFANA_CLICKHOUSE_PASSWORD", "placeholder-for-validation",
            "GRAFANA_ADMIN_PASSWORD", "placeholder-for-validation",
            "GPUARB_API_TOKEN", "placeholder-for-validation");

    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|TOKEN|SECRET).*");
    /** {@code ${NAME:?message}}: taken from the environment, and compose refuses to run without it. */
    private static final Pattern REQUIRED_FROM_ENV = Pattern.compile("\\$\\{[A-Z0-9_]+:\\?[^}]+}");

    /**
     * A pulled image's tag names one release (major.minor.patch, more parts or a variant suffix allowed):
     * a line tag such as {@code 26.7} moves to each new patch, so two deployments of the same file differ.
     */
    private static final Pattern EXACT_RELEASE = Pattern.compile("\\d+\\.\\d+\\.\\d+(\\.\\d+)*(-[a-z0-9.]+)?");

    @Test
    void aLineTagIsNotAnExactRelease() {
        assertThat(EXACT_RELEASE.matcher("26.7").matches()).isFalse();
        assertThat(EXACT_RELEASE.matcher("26").matches()).isFalse();
        assertThat(EXACT_RELEASE.matcher("26.7-alpine").matches()).isFalse();
        assertThat(EXACT_RELEASE.matcher("26.7.3.19").matches()).isTrue();
        assertThat(EXACT_RELEASE.matcher("4.3.1").matches()).isTrue();
        assertThat(EXACT_RELEASE.matcher("26.7.3.19-alpine").matches()).isTrue();
    }

    @Test
    void theWholePipelineIsDeployed() {
        assertThat(DeployFiles.services().keySet())
                .contains(
                        "kafka",
                        "kafka-init",
                        "schema-registry",
                        "connect",
                        "connect-init",
                        "streams-routing",
                        "streams-analytics",
                        "clickhouse",
                        "grafana");
    }

    @Test
    void everyServiceHasAPinnedImageOrIsBuiltFromTheRepository() {
        List<String> problems = new ArrayList<>();
        DeployFiles.services().forEach((name, svc) -> {
            String image = svc.path("image").asText("");
            JsonNode build = svc.path("build");
            if (image.isEmpty() && build.isMissingNode()) {
                problems.add(name + ": neither image nor build");
            }
            String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
            if (!image.isEmpty() && (tag.isEmpty() || tag.equals("latest") || !tag.matches(".*\\d.*"))) {
                problems.add(name + ": image " + image + " is not pinned to a version");
            } else if (!image.isEmpty()
                    && build.isMissingNode()
                    && !EXACT_RELEASE.matcher(tag).matches()) {
                problems.add(name + ": image " + image + " is not pinned to an exact release");
            }
            if (!build.isMissingNode()) {
                Path context = ROOT.resolve(build.path("context").asText(".")).normalize();
                Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"))
                        .normalize();
                if (!Files.isRegularFile(dockerfile)) {
                    problems.add(name + ": no Dockerfile at " + ROOT.relativize(dockerfile));
                } else if (!dockerfile.startsWith(DeployFiles.DEPLOY)) {
                    problems.add(name + ": Dockerfile " + ROOT.relativize(dockerfile) + " is outside deploy/");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void portsArePublishedOnLoopbackOnly() {
        List<String> problems = new ArrayList<>();
        DeployFiles.services().forEach((name, svc) -> {
            for (JsonNode port : svc.path("ports")) {
                if (!port.asText().matches("127\\.0\\.0\\.1:\\d+:\\d+")) {
                    problems.add(name + ": port " + port.asText() + " is not bound to 127.0.0.1");
                }
            }
            if (svc.path("network_mode").asText().equals("host")) {
                problems.add(name + ": host networking bypasses the loopback-only ports");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void longRunningServicesAreHealthCheckedAndRestarted() {
        List<String> problems = new ArrayList<>();
        DeployFiles.services().forEach((name, svc) -> {
            String restart = svc.path("restart").asText("");
            if (DeployFiles.oneShot(svc)) {
                if (svc.has("ports")) {
                    problems.add(name + ": a one-shot service publishes ports");
                }
                if (!svc.has("entrypoint") && !svc.has("command")) {
                    problems.add(name + ": a one-shot service without its own entrypoint or command");
                }
            } else {
                if (!restart.equals("unless-stopped") && !restart.equals("always")) {
                    problems.add(name + ": restart policy '" + restart + "' (a long-running service restarts)");
                }
                JsonNode test = svc.path("healthcheck").path("test");
                if (test.isMissingNode()
                        || test.size() < 2
                        || svc.path("healthcheck").path("disable").asBoolean(false)) {
                    problems.add(name + ": no healthcheck");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void dependenciesWaitForHealthOrCompletion() {
        Map<String, JsonNode> services = DeployFiles.services();
        List<String> problems = new ArrayList<>();
        services.forEach((name, svc) -> {
            JsonNode deps = svc.path("depends_on");
            if (deps.isArray()) {
                problems.add(name + ": depends_on without conditions only orders the start");
                return;
            }
            deps.properties().forEach(dep -> {
                JsonNode target = services.get(dep.getKey());
                String condition = dep.getValue().path("condition").asText("");
                if (target == null) {
                    problems.add(name + ": depends on unknown service " + dep.getKey());
                } else {
                    String expected =
                            DeployFiles.oneShot(target) ? "service_completed_successfully" : "service_healthy";
                    if (!condition.equals(expected)) {
                        problems.add(
                                name + " -> " + dep.getKey() + ": condition '" + condition + "', expected " + expected);
                    }
                }
            });
        });
        assertThat(problems).isEmpty();
        // The pipeline's order: topics before anything writes, Connect ready before registration.
        assertThat(services.get("connect").path("depends_on").has("kafka-init")).isTrue();
        assertThat(services.get("streams-routing").path("depends_on").has("kafka-init"))
                .isTrue();
        assertThat(services.get("streams-analytics").path("depends_on").has("kafka-init"))
                .isTrue();
        assertThat(services.get("connect-init").path("depends_on").has("connect"))
                .isTrue();
        assertThat(services.get("connect-init").path("depends_on").has("clickhouse"))
                .isTrue();
    }

    @Test
    void secretsComeOnlyFromTheEnvironment() {
        List<String> problems = new ArrayList<>();
        DeployFiles.services()
                .forEach((name, svc) -> DeployFiles.environment(svc).forEach((key, value) -> {
                    if (SECRET_NAME.matcher(key).matches()
                            && !REQUIRED_FROM_ENV.matcher(value).matches()) {
                        problems.add(name + ": " + key + " is not taken from the environment as ${VAR:?message}");
                    }
                }));
        assertThat(problems).isEmpty();
        // Every secret the file names is one the tests (and the README) know about.
        Set<String> named = new HashSet<>();
        var m = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(DeployFiles.read(COMPOSE));
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named).isEqualTo(SECRETS.keySet());
    }

    @Test
    void volumesAreNamedOrComeFromTheRepository() {
        Set<String> declared = new HashSet<>();
        DeployFiles.compose().path("volumes").fieldNames().forEachRemaining(declared::add);
        List<String> problems = new ArrayList<>();
        DeployFiles.services().forEach((name, svc) -> {
            for (JsonNode volume : svc.path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    if (!Files.exists(ROOT.resolve(source))) {
                        problems.add(name + ": mounts " + source + ", which the repository does not have");
                    }
                } else if (!declared.contains(source)) {
                    problems.add(name + ": volume " + source + " is neither a named volume nor a repository path");
                }
            }
        });
        assertThat(problems).isEmpty();
        // State that must survive a restart lives in named volumes.
        assertThat(declared)
                .contains(
                        "kafka-data",
                        "clickhouse-data",
                        "streams-routing-state",
                        "streams-analytics-state",
                        "grafana-data");
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        String binary = DeployFiles.onPath("docker-compose");
        Assumptions.assumeTrue(
                binary != null, "SKIPPED: docker-compose is not installed (CI installs Debian's docker-compose)");
        Result result = config(binary, SECRETS);
        assertThat(result.exit).as("docker-compose config: %s", result.output).isZero();
    }

    @Test
    void dockerComposeRefusesToRunWithoutTheSecrets() throws Exception {
        String binary = DeployFiles.onPath("docker-compose");
        Assumptions.assumeTrue(
                binary != null, "SKIPPED: docker-compose is not installed (CI installs Debian's docker-compose)");
        for (String missing : SECRETS.keySet()) {
            Map<String, String> env = new HashMap<>(SECRETS);
            env.remove(missing);
            Result result = config(binary, env);
            assertThat(result.exit).as("without %s", missing).isNotZero();
            assertThat(result.output).as("without %s", missing).contains(missing);
        }
    }

    private static Result config(String binary, Map<String, String> env) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(binary, "-f", COMPOSE.toString(), "config", "-q").redirectErrorStream(true);
        SECRETS.keySet().forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private record Result(int exit, String output) {}
}
