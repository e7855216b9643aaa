package dev.gpuarb.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tick benchmark measures what it says: ticks that take the route, keep it, give it up, and leave it alone. */
class RouteEngineTickBenchmarkTest {

    private final RouteEngineTickBenchmark benchmark = new RouteEngineTickBenchmark();

    @BeforeEach
    void setUp() {
        benchmark.offers = 1000;
        benchmark.setUp();
    }

    @AfterEach
    void tearDown() {
        benchmark.tearDown();
    }

    @Test
    void everyCycleOfFourTicksSwitchesTheRouteToTheTickedOfferAndBackOnce() {
        benchmark.tick();
        benchmark.tick();
        benchmark.tick();
        benchmark.tick();
        // From the second cycle on (the first depends on what the route held after the policy arrived).
        for (int cycle = 0; cycle < 3; cycle++) {
            RouteUpdate toTicked = only(benchmark.tick());
            assertThat(toTicked.getStatus()).isEqualTo(RouteStatus.ROUTED);
            assertThat(toTicked.getChosen().getEndpoint().getOfferId().toString())
                    .isEqualTo(benchmark.tickedOfferId());
            assertThat(toTicked.getChosen().getEffectivePrice()).isEqualTo(RouteEngineTickBenchmark.CHEAP[0]);

            assertThat(benchmark.tick()).as("cheapest again: the route stays").isEmpty();

            RouteUpdate away = only(benchmark.tick());
            assertThat(away.getStatus()).isEqualTo(RouteStatus.ROUTED);
            assertThat(away.getChosen().getEndpoint().getOfferId().toString()).isNotEqualTo(benchmark.tickedOfferId());
            assertThat(away.getChosen().getEffectivePrice()).isLessThan(RouteEngineTickBenchmark.DEAR[0]);

            assertThat(benchmark.tick())
                    .as("dear again: the route stays elsewhere")
                    .isEmpty();
        }
    }

    private static RouteUpdate only(List<CapturedForward<? extends String, ? extends RouteUpdate>> forwarded) {
        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0).record().key())
                .isEqualTo(SampleMarket.policy().getRouteId());
        return forwarded.get(0).record().value();
    }
}
