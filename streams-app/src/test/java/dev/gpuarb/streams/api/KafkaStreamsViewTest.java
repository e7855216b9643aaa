package dev.gpuarb.streams.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.streams.Topologies;
import dev.gpuarb.streams.api.resources.Resource;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.config.StreamsApp;
import dev.gpuarb.streams.config.StreamsConfigFactory;
import dev.gpuarb.streams.stage.AppSerdes;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** Which application's Kafka Streams a resource's store is read from. */
class KafkaStreamsViewTest {

    @Test
    void eachStoreIsServedOnlyByTheApplicationThatKeepsIt() throws Exception {
        AppConfig config = AppConfig.from(Map.of(
                AppConfig.SCHEMA_REGISTRY_URL, "mock://streams-view-test",
                StreamsConfig.STATE_DIR_CONFIG,
                        Files.createTempDirectory("view").toString(),
                AppConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1"));
        // never started: no broker is needed to ask which stores a process serves
        try (KafkaStreams routing = new KafkaStreams(
                Topologies.of(StreamsApp.ROUTING, config, AppSerdes.fromConfig(config), Clock.systemUTC()),
                StreamsConfigFactory.streamsProperties(config, StreamsApp.ROUTING))) {
            KafkaStreamsView view = new KafkaStreamsView(Map.of(StreamsApp.ROUTING, routing), "127.0.0.1:8090");
            for (Resource r : Resource.ALL) {
                assertThat(view.serves(r.store())).as(r.path()).isEqualTo(r.app() == StreamsApp.ROUTING);
            }
            assertThatThrownBy(() -> view.localEntries(
                            Resource.byPath("spreads").orElseThrow().store()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not kept");
            assertThat(view.healthy())
                    .as("a client that was never started is not healthy")
                    .isFalse();
            assertThat(view.state()).isEqualTo("CREATED");
        }
    }
}
