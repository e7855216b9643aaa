package dev.gpuarb.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurrencyRatesTest {

    @Test
    void convertsKnownCurrenciesAndRefusesUnknownOnes() {
        CurrencyRates rates = CurrencyRates.defaults();
        assertThat(rates.toUsd(2.5, "USD")).hasValue(2.5);
        assertThat(rates.toUsd(1.0, "eur"))
                .get()
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.DOUBLE)
                .isCloseTo(1.16, within(1e-9));
        assertThat(rates.toUsd(1.0, "XYZ")).isEmpty();
        assertThat(rates.toUsd(1.0, "ZAR")).as("ISO, but no rate in the table").isEmpty();
        assertThat(rates.isKnown("GBP")).isTrue();
    }

    @Test
    void overridesReplaceAndExtendTheTable() {
        CurrencyRates rates = CurrencyRates.parse("EUR=1.0, ZAR=0.055");
        assertThat(rates.toUsd(10, "EUR")).hasValue(10.0);
        assertThat(rates.toUsd(100, "ZAR"))
                .get()
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.DOUBLE)
                .isCloseTo(5.5, within(1e-9));
        assertThatThrownBy(() -> CurrencyRates.withOverrides(Map.of("ABC", 1.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CurrencyRates.withOverrides(Map.of("EUR", -1.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CurrencyRates.parse("EUR")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReadmesQuoteTheDateOfTheTable() throws IOException {
        // The module runs its tests in schemas/; the READMEs that document the rate keys sit beside it.
        for (String readme :
                new String[] {"../README.md", "../ingest-connectors/README.md", "../streams-app/README.md"}) {
            assertThat(Files.readString(Path.of(readme))).as(readme).contains(CurrencyRates.AS_OF.toString());
        }
    }
}
