package dev.gpuarb.deploy;

import static dev.gpuarb.deploy.DeployFiles.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.streams.App;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.config.StreamsApp;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Streams application's image and settings in the deployment. */
class StreamsDeploymentTest {

    @ParameterizedTest
    @EnumSource(StreamsApp.class)
    void settingsAreAcceptedByTheApplicationAndPointAtTheComposeServices(StreamsApp app) {
        String service = "streams-" + app.id();
        Properties settings = DeployFiles.properties(DEPLOY.resolve("streams/streams.properties"));
        // What start-streams.sh appends from the environment.
        settings.setProperty(
                AppConfig.APPS,
                DeployFiles.environment(DeployFiles.service(service)).get("GPUARB_APPS"));
        settings.setProperty(AppConfig.API_TOKEN, "placeholder");
        settings.setProperty(AppConfig.API_ADVERTISED, "172.18.0.5:8090");
        AppConfig config = AppConfig.from(settings);
        assertThat(config.apps()).as("the service runs its one application").containsExactly(app);

        assertThat(settings.getProperty(AppConfig.BOOTSTRAP_SERVERS)).isEqualTo("kafka:19092");
        assertThat(settings.getProperty(AppConfig.SCHEMA_REGISTRY_URL)).isEqualTo("http://schema-registry:8081");
        assertThat(settings.getProperty(AppConfig.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
        // State lives on the named volume, the API port is the published one.
        String stateDir = settings.getProperty(AppConfig.STATE_DIR);
        assertThat(DeployFiles.service(service).path("volumes").toString()).contains(service + "-state:" + stateDir);
        assertThat(DeployFiles.service(service).path("ports").get(0).asText())
                .startsWith("127.0.0.1:")
                .endsWith(":" + settings.getProperty(AppConfig.API_PORT));
        // The token comes from the environment only, never from the file.
        assertThat(DeployFiles.properties(DEPLOY.resolve("streams/streams.properties"))
                        .getProperty(AppConfig.API_TOKEN))
                .isNull();
    }

    @Test
    void theImageRunsTheApplicationsMainClassWithItsHealthEndpointChecked() {
        String start = DeployFiles.read(DEPLOY.resolve("streams/start-streams.sh"));
        assertThat(start)
                .contains(
                        App.class.getName(),
                        AppConfig.APPS + "=",
                        AppConfig.API_TOKEN + "=",
                        AppConfig.API_ADVERTISED + "=");
        String dockerfile = DeployFiles.read(DEPLOY.resolve("streams/Dockerfile"));
        assertThat(dockerfile)
                .contains("streams-app/target/gpuarb-streams-app-*.jar", "streams-app/target/dependency/");
        for (StreamsApp app : StreamsApp.values()) {
            assertThat(DeployFiles.service("streams-" + app.id())
                            .path("healthcheck")
                            .path("test")
                            .toString())
                    .contains("/health");
        }
    }
}
