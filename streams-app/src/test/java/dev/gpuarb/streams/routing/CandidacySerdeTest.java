package dev.gpuarb.streams.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class CandidacySerdeTest {

    private final CandidacySerde serde = new CandidacySerde();

    private Candidacy roundTrip(Candidacy value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }

    @Test
    void eligibleAndExcludedRoundTrip() {
        for (double price : new double[] {0.0, -0.0, 1e-9, 2.75, 1e12, Double.MAX_VALUE, Double.POSITIVE_INFINITY}) {
            assertThat(roundTrip(new Candidacy.Eligible(price))).isEqualTo(new Candidacy.Eligible(price));
        }
        assertThat(roundTrip(new Candidacy.Excluded(Eligibility.OVER_PRICE)))
                .isEqualTo(new Candidacy.Excluded(Eligibility.OVER_PRICE));
        assertThat(roundTrip(new Candidacy.Excluded("région non autorisée")))
                .isEqualTo(new Candidacy.Excluded("région non autorisée"));
        assertThat(roundTrip(null)).isNull();
        assertThat(serde.serializer().serialize("t", new Candidacy.Eligible(2.5)))
                .hasSize(9);
    }

    @Test
    void readsTheTextEarlierVersionsWrote() {
        // The old form, written here as it was: "E" + the IEEE bits (sign bit flipped when positive,
        // all bits flipped when negative) as 16 hex digits, or "X" + the reason.
        for (double price : new double[] {0.0, 1e-9, 0.5, 2.0000001, 1e12, Double.MAX_VALUE, -3.5}) {
            long bits = Double.doubleToLongBits(price);
            String hex = String.format(Locale.ROOT, "%016x", price < 0 ? ~bits : bits ^ Long.MIN_VALUE);
            byte[] legacy = ("E" + hex).getBytes(StandardCharsets.UTF_8);
            assertThat(serde.deserializer().deserialize("t", legacy))
                    .as("E%s", hex)
                    .isEqualTo(new Candidacy.Eligible(price));
        }
        byte[] excluded = ("X" + Eligibility.WITHDRAWN).getBytes(StandardCharsets.UTF_8);
        assertThat(serde.deserializer().deserialize("t", excluded))
                .isEqualTo(new Candidacy.Excluded(Eligibility.WITHDRAWN));
    }

    @Test
    void garbageIsAClearError() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("no bytes");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 1, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown tag 9");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 1, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 bytes");
        assertThatThrownBy(() ->
                        serde.deserializer().deserialize("t", "Enot-hex-digits!".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("price key");
    }
}
