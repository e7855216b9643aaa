package dev.gpuarb.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.connectors.litellm.LiteLlmSourceConnector;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.GpuModels;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** price.ttl.ms and heartbeat.interval.ms: defaults, overrides, refusals, and what the TTL puts in a record. */
class PriceLivenessConfigTest {

    private static CommonSourceConfig config(Map<String, String> props) {
        return new CommonSourceConfig(CommonSourceConfig.define(new ConfigDef(), 60_000L), props);
    }

    @Test
    void theTtlIsThreePollIntervalsAndTheHeartbeatHalfOfItUnlessSet() {
        CommonSourceConfig defaults = config(Map.of());
        assertThat(defaults.priceTtl()).isEqualTo(Duration.ofMinutes(3));
        assertThat(defaults.heartbeat()).isEqualTo(Duration.ofSeconds(90));

        CommonSourceConfig fastPolls = config(Map.of("poll.interval.ms", "1000"));
        assertThat(fastPolls.priceTtl()).isEqualTo(Duration.ofSeconds(3));
        assertThat(fastPolls.heartbeat()).isEqualTo(Duration.ofMillis(1500));

        CommonSourceConfig ttl = config(Map.of("price.ttl.ms", "600000"));
        assertThat(ttl.priceTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(ttl.heartbeat()).isEqualTo(Duration.ofMinutes(5));

        CommonSourceConfig both = config(Map.of("price.ttl.ms", "600000", "heartbeat.interval.ms", "120000"));
        assertThat(both.heartbeat()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aTtlOfZeroMeansPricesNeverExpireAndNeedNoHeartbeat() {
        CommonSourceConfig never = config(Map.of("price.ttl.ms", "0"));
        assertThat(never.priceTtl()).isZero();
        assertThat(never.heartbeat()).isZero();
        assertThat(never.priceValidity().expires()).isFalse();
        assertThat(never.priceValidity().validUntil(Instant.parse("2026-03-01T00:00:00Z")))
                .isNull();

        assertThat(config(Map.of("poll.interval.ms", "0")).priceTtl())
                .as("polling flat out")
                .isZero();
        assertThat(config(Map.of("price.ttl.ms", "0", "heartbeat.interval.ms", "60000"))
                        .heartbeat())
                .as("a heartbeat without expiry, as before")
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aHeartbeatThatLetsListedPricesExpireIsRefused() {
        for (String heartbeat : new String[] {"0", "600000", "900000"}) {
            assertThatThrownBy(() -> config(Map.of("price.ttl.ms", "600000", "heartbeat.interval.ms", heartbeat)))
                    .as("heartbeat %s ms with a 10 min TTL", heartbeat)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("heartbeat.interval.ms")
                    .hasMessageContaining("price.ttl.ms");
        }
        // The connector refuses it at start, where the REST API reports it (LiteLLM: TTL 3 h by default).
        assertThatThrownBy(() -> new LiteLlmSourceConnector().start(Map.of("heartbeat.interval.ms", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("heartbeat.interval.ms");
    }

    @Test
    void aStampedPriceIsACopyValidUntilItsSendTimePlusTheTtl() {
        PriceValidity validity = PriceValidity.of(Duration.ofMinutes(10));
        GpuPriceObservation price = price();
        Instant sentAt = Instant.parse("2026-03-01T12:00:00Z");

        SpecificRecord stamped = validity.stamp(price, sentAt);

        assertThat(((GpuPriceObservation) stamped).getValidUntil()).isEqualTo(Instant.parse("2026-03-01T12:10:00Z"));
        assertThat(price.getValidUntil()).as("the original is left as it was").isNull();
        assertThat(PriceValidity.NEVER_EXPIRES.stamp(price, sentAt)).isSameAs(price);
        SpecificRecord withdrawal = PriceRecords.withdrawal(price, sentAt);
        assertThat(((GpuPriceObservation) validity.stamp(withdrawal, sentAt)).getValidUntil())
                .as("a withdrawal ends the offer, it does not expire")
                .isNull();
    }

    private static GpuPriceObservation price() {
        GpuOffer offer = new GpuOffer(
                "test",
                "acme",
                "r1",
                null,
                "i1",
                GpuModels.forAwsInstanceType("g6.xlarge").orElseThrow(),
                PricingModel.ON_DEMAND,
                1.0,
                "USD",
                Instant.EPOCH,
                Map.of());
        return (GpuPriceObservation) offer.toPriceItem(CurrencyRates.defaults(), PriceLimits.defaults())
                .value()
                .value();
    }
}
