package dev.gpuarb.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.cli.local.PipelineConnectors;
import dev.gpuarb.engines.connect.EmbeddedConnectWorker;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local run's Connect worker, as someone who reaches its REST API would try it: the API listens
 * on 127.0.0.1 only, and a connector config cannot hand the connector's Kafka clients settings of
 * the caller's choosing (a file config provider to read the worker's files, another cluster to copy
 * data to): the worker refuses such a config outright.
 */
@ExtendWith(RealEngines.class)
class ConnectRestExposureIT {

    @Test
    void restListensOnLoopbackOnlyAndRefusesClientOverrides(Engines engines) throws Exception {
        String group = "rest-exposure-" + UUID.randomUUID().toString().substring(0, 8);
        try (EmbeddedConnectWorker connect = EmbeddedConnectWorker.start(EmbeddedConnectWorker.Config.distributed(
                engines.bootstrapServers(), group, PipelineConnectors.worker(engines.registryUrl())))) {
            int port = URI.create(connect.restUrl()).getPort();
            // 127.0.0.2 is this machine too: a listener on 0.0.0.0 would accept it, one on 127.0.0.1 does not.
            assertThatThrownBy(() -> new Socket("127.0.0.2", port).close()).isInstanceOf(ConnectException.class);

            Map<String, String> hostile = PipelineConnectors.simulator(Instant.now());
            hostile.put("producer.override.config.providers", "file");
            hostile.put(
                    "producer.override.config.providers.file.class",
                    "org.apache.kafka.common.config.provider.FileConfigProvider");
            hostile.put("producer.override.client.id", "${file:/etc/passwd:root}");
            assertThatThrownBy(() -> connect.putConnector("hostile", hostile))
                    .hasMessageContaining("Connect refused connector hostile")
                    .hasMessageContaining("policy does not allow");
            assertThat(connect.status("hostile")).as("nothing was created").isNull();

            Map<String, String> elsewhere = PipelineConnectors.simulator(Instant.now());
            elsewhere.put("producer.override.bootstrap.servers", "127.0.0.1:1");
            assertThatThrownBy(() -> connect.putConnector("elsewhere", elsewhere))
                    .hasMessageContaining("policy does not allow");
        }
    }
}
