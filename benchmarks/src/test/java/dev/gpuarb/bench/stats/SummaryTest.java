package dev.gpuarb.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void medianAndQuartilesInterpolateBetweenRanks() {
        Summary s = Summary.of(List.of(40.0, 10.0, 30.0, 20.0));
        assertThat(s.median()).isEqualTo(25.0);
        assertThat(s.min()).isEqualTo(10.0);
        assertThat(s.max()).isEqualTo(40.0);
        assertThat(s.q1()).isCloseTo(17.5, within(1e-9));
        assertThat(s.q3()).isCloseTo(32.5, within(1e-9));
        assertThat(s.values()).as("kept in the order measured").containsExactly(40.0, 10.0, 30.0, 20.0);
    }

    @Test
    void oddCountTakesTheMiddleValueAndSpreadIsRelativeToTheMedian() {
        Summary s = Summary.of(List.of(90.0, 100.0, 120.0));
        assertThat(s.median()).isEqualTo(100.0);
        assertThat(s.spreadPct()).isCloseTo(30.0, within(1e-9));
    }

    @Test
    void oneMeasurementIsItsOwnMedianWithNoSpread() {
        Summary s = Summary.of(List.of(7.0));
        assertThat(s.median()).isEqualTo(7.0);
        assertThat(s.spreadPct()).isZero();
    }

    @Test
    void noMeasurementsIsAnError() {
        assertThatThrownBy(() -> Summary.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latencyPercentilesOfAWindow() {
        double[] values = new double[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = values.length - i; // 1000 down to 1
        }
        Latencies l = Latencies.ofMillis(values);
        assertThat(l.count()).isEqualTo(1000);
        assertThat(l.p50Ms()).isCloseTo(500.5, within(1e-9));
        assertThat(l.p99Ms()).isCloseTo(990.01, within(1e-9));
        assertThat(l.maxMs()).isEqualTo(1000.0);
        assertThat(values[0]).as("input left unsorted").isEqualTo(1000.0);
    }
}
