package dev.gpuarb.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.streams.time.ObservationTimestampExtractor;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class AppConfigTest {

    @Test
    void defaultsToExactlyOnceV2AndEventTime() {
        Properties props = StreamsConfigFactory.streamsProperties(AppConfig.defaults("x"));

        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG)).isEqualTo(ObservationTimestampExtractor.class);
        assertThat(props.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("x");
        assertThat(props.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("127.0.0.1:8090");
    }

    @Test
    void kafkaSettingsPassThroughAndGpuarbSettingsStayOut() {
        Properties props = StreamsConfigFactory.streamsProperties(
                AppConfig.from(Map.of("num.stream.threads", "3", AppConfig.GRACE_MS, "1000")));

        assertThat(props.get("num.stream.threads")).isEqualTo("3");
        assertThat(props).doesNotContainKey(AppConfig.GRACE_MS);
    }

    @Test
    void unknownOrInvalidSettingsFailAtStart() {
        assertThatThrownBy(() -> AppConfig.from(Map.of("gpuarb.spreads.windw.size.ms", "1")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.SPREADS_WINDOW_ADVANCE_MS, "7200000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("window size");
        assertThatThrownBy(() -> AppConfig.from(Map.of(AppConfig.BIDS_PERCENTILE, "0")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void currencyRatesComeFromFxKeys() {
        AppConfig config = AppConfig.from(Map.of("gpuarb.fx.chf", "1.12"));

        assertThat(config.usdRates()).containsEntry("CHF", 1.12).containsEntry("EUR", 1.08).containsEntry("USD", 1.0);
    }

    @Test
    void anApiBoundToEveryInterfaceAdvertisesLoopbackUnlessToldItsAddress() {
        Properties wildcard = StreamsConfigFactory.streamsProperties(AppConfig.from(Map.of(AppConfig.API_BIND, "0.0.0.0")));
        assertThat(wildcard.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).as("a peer cannot reach 0.0.0.0").isEqualTo("127.0.0.1:8090");
        Properties told = StreamsConfigFactory.streamsProperties(AppConfig.from(Map.of(
                AppConfig.API_BIND, "0.0.0.0", AppConfig.API_ADVERTISED, "streams-1.internal:8090")));
        assertThat(told.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("streams-1.internal:8090");
        Properties specific = StreamsConfigFactory.streamsProperties(AppConfig.from(Map.of(AppConfig.API_BIND, "10.1.2.3")));
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
}
