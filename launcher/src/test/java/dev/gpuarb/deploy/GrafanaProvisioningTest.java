package dev.gpuarb.deploy;

import static dev.gpuarb.deploy.DeployFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Grafana in the deployment: the provisioning and dashboards of grafana/ are mounted where
 * Grafana and the dashboard provider look, the data source's plugin is installed at a pinned
 * version, and every variable the data source file reads is set.
 */
class GrafanaProvisioningTest {

    private static final Path PROVISIONING = ROOT.resolve("grafana/provisioning");
    private static final Path DASHBOARDS = ROOT.resolve("grafana/dashboards");

    @Test
    void provisioningAndDashboardsAreMountedFromTheRepository() throws IOException {
        Map<String, Path> mounts = DeployFiles.bindMounts(DeployFiles.service("grafana"));
        assertThat(mounts).containsEntry("/etc/grafana/provisioning", PROVISIONING);
        assertThat(mounts.values()).allSatisfy(p -> assertThat(p).exists());
        try (Stream<Path> providers = Files.list(PROVISIONING.resolve("dashboards"))) {
            for (Path file :
                    providers.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                for (JsonNode provider : DeployFiles.yaml(file).path("providers")) {
                    String path = provider.path("options").path("path").asText();
                    assertThat(mounts)
                            .as("%s reads %s", file.getFileName(), path)
                            .containsEntry(path, DASHBOARDS);
                }
            }
        }
        try (Stream<Path> dashboards = Files.list(DASHBOARDS)) {
            List<Path> files =
                    dashboards.filter(p -> p.toString().endsWith(".json")).toList();
            assertThat(files).isNotEmpty();
            for (Path f : files) {
                assertThat(DeployFiles.JSON.readTree(f.toFile()).path("panels").isArray())
                        .as(f.toString())
                        .isTrue();
            }
        }
    }

    @Test
    void theDataSourcePluginIsInstalledAtAPinnedVersion() throws IOException {
        Map<String, String> env = DeployFiles.environment(DeployFiles.service("grafana"));
        Map<String, String> installed = new HashMap<>();
        for (String entry : env.getOrDefault("GF_INSTALL_PLUGINS", "").split(",")) {
            String[] idAndVersion = entry.strip().split("\\s+");
            installed.put(idAndVersion[0], idAndVersion.length > 1 ? idAndVersion[1] : "");
        }
        Set<String> types = new HashSet<>();
        for (JsonNode ds : datasources()) {
            types.add(ds.path("type").asText());
        }
        assertThat(types).contains("grafana-clickhouse-datasource");
        for (String type : types) {
            assertThat(installed).as("plugin of data source type %s", type).containsKey(type);
            assertThat(installed.get(type)).as("version of %s", type).matches("\\d+\\.\\d+\\.\\d+");
        }
    }

    @Test
    void everyVariableOfTheDataSourceIsSetAndPointsAtTheReadOnlyUser() throws IOException {
        Map<String, String> env = DeployFiles.environment(DeployFiles.service("grafana"));
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(datasourceText());
        Set<String> used = new HashSet<>();
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).isNotEmpty();
        assertThat(env.keySet()).containsAll(used);
        // The ClickHouse service and port of the compose file, and the user its init script creates.
        assertThat(env.get("CLICKHOUSE_HOST")).isEqualTo("clickhouse");
        assertThat(env.get("CLICKHOUSE_HTTP_PORT")).isEqualTo("8123");
        String init = DeployFiles.read(ROOT.resolve("deploy/clickhouse/initdb/10-grafana-reader.sh"));
        assertThat(init)
                .contains(
                        "CREATE USER IF NOT EXISTS " + env.get("CLICKHOUSE_USER") + " ",
                        "GRANT SELECT ON " + env.get("CLICKHOUSE_DATABASE") + ".* TO " + env.get("CLICKHOUSE_USER"));
        assertThat(env.get("CLICKHOUSE_USER"))
                .isNotEqualTo(DeployFiles.environment(DeployFiles.service("clickhouse"))
                        .get("CLICKHOUSE_USER"));
        // The init script's password is the one Grafana is given.
        assertThat(env.get("CLICKHOUSE_PASSWORD"))
                .isEqualTo(DeployFiles.environment(DeployFiles.service("clickhouse"))
                        .get("GRAFANA_CLICKHOUSE_PASSWORD"));
    }

    @Test
    void dashboardsUseTheProvisionedDataSource() throws IOException {
        Set<String> uids = new HashSet<>();
        datasources().forEach(ds -> uids.add(ds.path("uid").asText()));
        Set<String> referenced = new HashSet<>();
        try (Stream<Path> dashboards = Files.list(DASHBOARDS)) {
            for (Path f : dashboards.filter(p -> p.toString().endsWith(".json")).toList()) {
                DeployFiles.JSON.readTree(f.toFile()).findValues("datasource").forEach(ds -> {
                    String uid = ds.path("uid").asText("");
                    if (!uid.isEmpty() && !uid.startsWith("$") && !uid.startsWith("-- ")) {
                        referenced.add(uid);
                    }
                });
            }
        }
        assertThat(referenced).isNotEmpty();
        assertThat(uids).containsAll(referenced);
    }

    private static List<JsonNode> datasources() throws IOException {
        try (Stream<Path> files = Files.list(PROVISIONING.resolve("datasources"))) {
            return files.filter(p -> p.toString().endsWith(".yaml"))
                    .flatMap(p -> {
                        List<JsonNode> out = new java.util.ArrayList<>();
                        DeployFiles.yaml(p).path("datasources").forEach(out::add);
                        return out.stream();
                    })
                    .toList();
        }
    }

    private static String datasourceText() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(PROVISIONING.resolve("datasources"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                sb.append(DeployFiles.read(p));
            }
        }
        return sb.toString();
    }
}
