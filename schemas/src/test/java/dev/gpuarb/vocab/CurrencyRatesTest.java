package dev.gpuarb.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CurrencyRatesTest {

    @Test
    void convertsKnownCurrenciesAndRefusesUnknownOnes() {
        CurrencyRates rates = CurrencyRates.defaults();
        assertThat(rates.toUsd(2.5, "USD")).hasValue(2.5);
        assertThat(rates.toUsd(1.0, "eur")).get().asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.DOUBLE).isCloseTo(1.16, within(1e-9));
        assertThat(rates.toUsd(1.0, "XYZ")).isEmpty();
        assertThat(rates.toUsd(1.0, "ZAR")).as("ISO, but no rate in the table").isEmpty();
        assertThat(rates.isKnown("GBP")).isTrue();
    }

    @Test
    void overridesReplaceAndExtendTheTable() {
        CurrencyRates rates = CurrencyRates.parse("EUR=1.0, ZAR=0.055");
        assertThat(rates.toUsd(10, "EUR")).hasValue(10.0);
        assertThat(rates.toUsd(100, "ZAR")).get().asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.DOUBLE).isCloseTo(5.5, within(1e-9));
        assertThatThrownBy(() -> CurrencyRates.withOverrides(Map.of("ABC", 1.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CurrencyRates.withOverrides(Map.of("EUR", -1.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CurrencyRates.parse("EUR"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
