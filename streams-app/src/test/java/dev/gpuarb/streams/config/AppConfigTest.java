package dev.gpuarb.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.streams.state.BoundedRocksDbMemory;
import dev.gpuarb.streams.time.ObservationTimestampExtractor;
import dev.gpuarb.vocab.CurrencyRates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {

    @Test
    void defaultsToExactlyOnceV2AndEventTime() {
        Properties props = StreamsConfigFactory.streamsProperties(AppConfig.defaults("x"), StreamsApp.ROUTING);

        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG))
                .isEqualTo(ObservationTimestampExtractor.class);
        assertThat(props.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("x-routing");
        assertThat(props.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("127.0.0.1:8090");
    }

    @Test
    void kafkaSettingsPassThroughAndGpuarbSettingsStayOut() {
        Properties props = StreamsConfigFactory.streamsProperties(
                AppConfig.from(Map.of("num.stream.threads", "3", AppConfig.GRACE_MS, "1000")), StreamsApp.ROUTING);

        assertThat(props.get("num.stream.threads")).isEqualTo("3");
        assertThat(props).doesNotContainKey(AppConfig.GRACE_MS);
    }

    @Test
    void routingDoesNotIdleUnlessAskedToAnalyticsKeepsKafkasDefault() {
        assertThat(StreamsConfigFactory.streamsProperties(AppConfig.defaults("x"), StreamsApp.ROUTING)
                        .get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG))
                .isEqualTo("-1");
        assertThat(StreamsConfigFactory.streamsProperties(AppConfig.defaults("x"), StreamsApp.ANALYTICS))
                .doesNotContainKey(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG);

        Properties asked = StreamsConfigFactory.streamsProperties(
                AppConfig.from(Map.of(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0")), StreamsApp.ROUTING);
        assertThat(asked.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo("0");
    }

    @Test
    void eachApplicationHasItsOwnIdAndCommitInterval() {
        AppConfig config = AppConfig.from(
                Map.of(AppConfig.APPLICATION_ID, "acme", AppConfig.ANALYTICS_COMMIT_INTERVAL_MS, "9000"));
        Properties routing = StreamsConfigFactory.streamsProperties(config, StreamsApp.ROUTING);
        Properties analytics = StreamsConfigFactory.streamsProperties(config, StreamsApp.ANALYTICS);

        assertThat(routing.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("acme-routing");
        assertThat(analytics.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("acme-analytics");
        assertThat(routing.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("25");
        assertThat(analytics.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("9000");
        assertThat(config.apps()).containsExactly(StreamsApp.ROUTING, StreamsApp.ANALYTICS);
        assertThat(analytics.get("producer.transaction.timeout.ms"))
                .as("room for a pane close over many offers")
                .isEqualTo("60000");
        assertThat(routing).doesNotContainKey("producer.transaction.timeout.ms");
        // RocksDB memory is bounded per application
        assertThat(routing.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(BoundedRocksDbMemory.class);
        assertThat(routing.get(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG)).isEqualTo(Long.toString(256L * 1024 * 1024));
        assertThat(analytics.get(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG))
                .isEqualTo(Long.toString(512L * 1024 * 1024));
        Properties unbounded = StreamsConfigFactory.streamsProperties(
                AppConfig.from(Map.of(AppConfig.ROUTING_ROCKSDB_MEMORY_MB, "0")), StreamsApp.ROUTING);
        assertThat(unbounded)
                .as("0 leaves RocksDB's defaults")
                .doesNotContainKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG);
        Properties small = StreamsConfigFactory.streamsProperties(
                AppConfig.from(Map.of(AppConfig.ANALYTICS_ROCKSDB_MEMORY_MB, "32")), StreamsApp.ANALYTICS);
        assertThat(small.get(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG)).isEqualTo(Long.toString(32L * 1024 * 1024));
    }

    @Test
    void theApplicationsToRunAreNamedAndCheckedAtStart() {
        assertThat(AppConfig.from(Map.of(AppConfig.APPS, " Analytics ")).apps()).containsExactly(StreamsApp.ANALYTICS);
        assertThat(AppConfig.from(Map.of(AppConfig.APPS, "analytics,routing")).apps())
                .containsExactly(StreamsApp.ROUTING, StreamsApp.ANALYTICS);
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.APPS, "routing,billing")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("billing")
                .hasMessageContaining("routing or analytics");
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.APPS, " , ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.ROUTING_COMMIT_INTERVAL_MS, "0")))
                .isInstanceOf(ConfigException.class);
        // Kafka Streams' shared key would give both applications one interval: refused with the keys to use
        assertThatThrownBy(() -> AppConfig.from(Map.of("commit.interval.ms", "1000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AppConfig.ROUTING_COMMIT_INTERVAL_MS)
                .hasMessageContaining(AppConfig.ANALYTICS_COMMIT_INTERVAL_MS);
    }

    @Test
    void unknownOrInvalidSettingsFailAtStart() {
        assertThatThrownBy(() -> AppConfig.from(Map.of("gpuarb.spreads.windw.size.ms", "1")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.SPREADS_WINDOW_ADVANCE_MS, "7200000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("window size");
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.BIDS_PERCENTILE, "0")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.ROUTING_COMMIT_ON_DECISION, "yes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("true or false");
        assertThat(AppConfig.from(Map.of(AppConfig.ROUTING_COMMIT_ON_DECISION, "TRUE"))
                        .routingCommitOnDecision())
                .isTrue();
        assertThat(AppConfig.defaults("x").routingCommitOnDecision()).isFalse();
    }

    @Test
    void currencyRatesAreTheSharedTableWithFxKeysOverIt() {
        AppConfig config = AppConfig.from(Map.of("gpuarb.fx.chf", "1.12"));

        assertThat(config.usdRates())
                .containsEntry("CHF", 1.12)
                .containsEntry("USD", 1.0)
                .containsEntry("EUR", CurrencyRates.DEFAULT_USD_PER_UNIT.get("EUR"));
        assertThat(AppConfig.from(Map.of("gpuarb.fx.ZAR", "0.055")).usdRates()).containsEntry("ZAR", 0.055);
    }

    @Test
    void theDefaultRatesAreExactlyTheSharedTable() {
        // The connectors convert with CurrencyRates.defaults(); the Streams app must not have a table of its own.
        assertThat(AppConfig.defaults("x").usdRates())
                .isEqualTo(CurrencyRates.defaults().rates());
        assertThat(AppConfig.DEFAULTS.keySet()).noneMatch(k -> k.startsWith(AppConfig.FX_PREFIX));
    }

    @Test
    void refusesRatesThatAreNotUsable() {
        assertThatThrownBy(() -> AppConfig.from(Map.of("gpuarb.fx.EUR", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> AppConfig.from(Map.of("gpuarb.fx.XYZ", "1.0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ISO 4217");
    }

    @Test
    void anApiBoundToEveryInterfaceAdvertisesLoopbackUnlessToldItsAddress() {
        Properties wildcard = StreamsConfigFactory.streamsProperties(
                AppConfig.from(Map.of(AppConfig.API_BIND, "0.0.0.0")), StreamsApp.ROUTING);
        assertThat(wildcard.get(StreamsConfig.APPLICATION_SERVER_CONFIG))
                .as("a peer cannot reach 0.0.0.0")
                .isEqualTo("127.0.0.1:8090");
        Properties told = StreamsConfigFactory.streamsProperties(
                AppConfig.from(
                        Map.of(AppConfig.API_BIND, "0.0.0.0", AppConfig.API_ADVERTISED, "streams-1.internal:8090")),
                StreamsApp.ROUTING);
        assertThat(told.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("streams-1.internal:8090");
        Properties specific = StreamsConfigFactory.streamsProperties(
                AppConfig.from(Map.of(AppConfig.API_BIND, "10.1.2.3")), StreamsApp.ROUTING);
        assertThat(specific.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("10.1.2.3:8090");
    }

    @Test
    void apiLimitsHaveSafeDefaultsAndRefuseNonsense() {
        AppConfig defaults = AppConfig.defaults("x");
        assertThat(defaults.apiIdleTimeout()).hasSeconds(30);
        assertThat(defaults.apiMaxConnections()).isEqualTo(256);
        assertThat(defaults.apiLiveMaxClients()).isEqualTo(16);
        assertThat(defaults.apiLiveMaxClientsPerAddress()).isEqualTo(4);
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.API_LIVE_MAX_CLIENTS_PER_ADDRESS, "0")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.API_IDLE_TIMEOUT_MS, "-1")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void aMeasuredThroughputFileIsReadAtStartAndABadOneRefused(@TempDir Path dir) throws Exception {
        assertThat(AppConfig.from(Map.of()).throughputOverrides().find("llama-3.1-8b-instruct", "L4", 1))
                .isEmpty();
        Path good = Files.writeString(dir.resolve("good.csv"), "llama-3.1-8b-instruct,L4,1,8,120\n");
        assertThat(AppConfig.from(Map.of(AppConfig.THROUGHPUT_MEASURED_FILE, good.toString()))
                        .throughputOverrides()
                        .find("llama-3.1-8b-instruct", "L4", 1))
                .isPresent();
        Path bad = Files.writeString(dir.resolve("bad.csv"), "llama,L4,one,8,120\n");
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.THROUGHPUT_MEASURED_FILE, bad.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AppConfig.THROUGHPUT_MEASURED_FILE)
                .hasMessageContaining("line 1: gpus must be a whole number");
        assertThatThrownBy(() -> AppConfig.from(Map.of(
                        AppConfig.THROUGHPUT_MEASURED_FILE,
                        dir.resolve("missing.csv").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read measured throughput file");
    }
}
