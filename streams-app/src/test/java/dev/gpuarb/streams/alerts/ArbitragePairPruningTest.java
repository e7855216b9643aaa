package dev.gpuarb.streams.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.streams.common.PricePoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Stage 7 keeps the throttle times of recently alerted region pairs only, however many pairs ever alerted. */
class ArbitragePairPruningTest {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long THROTTLE_MS = 30 * MINUTE;
    private static final long LATE_MS = 2 * HOUR;
    private static final String MODEL_KEY = "GPU_HOURS|H100-80GB|SPOT";

    private static PricePoint price(String region, String offerId, double usd, long at) {
        return new PricePoint("GPU_HOURS", "H100-80GB", "SPOT", region, "prov", offerId, usd, at);
    }

    @Test
    void stateStaysBoundedWhileOffersRoamThroughNewRegions() throws Exception {
        Set<String> pairsThatAlerted = new HashSet<>();
        int largestPairs = 0;
        int largestRegions = 0;
        int largestBoardBytes = 0;
        AlertStateSerdes.Board boardSerde = new AlertStateSerdes.Board();
        try (AlertStageDriver stage = new AlertStageDriver(new ArbitrageDetector(20, THROTTLE_MS, LATE_MS))) {
            stage.send(price("home", "dear", 4.0, 0));
            for (int h = 1; h <= 1_000; h++) {
                // Two offers move to regions never seen before: 2.0 and 2.5 against 4.0 at home, and 20 % apart.
                List<ArbitrageAlert> alerts = new ArrayList<>(stage.send(price("a-" + h, "roamer-1", 2.0, h * HOUR)));
                alerts.addAll(stage.send(price("b-" + h, "roamer-2", 2.5, h * HOUR + MINUTE)));
                assertThat(alerts).as("hour %d", h).isNotEmpty();
                alerts.forEach(a -> pairsThatAlerted.add(a.getCheapRegion() + "|" + a.getDearRegion()));

                RegionBoard board = stage.<RegionBoard>store(AlertStores.BOARDS).get(MODEL_KEY);
                largestPairs = Math.max(largestPairs, board.lastAlertAtByPair().size());
                largestRegions =
                        Math.max(largestRegions, board.cheapestByRegion().size());
                largestBoardBytes =
                        Math.max(largestBoardBytes, boardSerde.serializer().serialize("t", board).length);
            }
            // Three offers: each index holds three entries, whatever regions they passed through.
            assertThat(stage.serializedValues(AlertStores.OFFERS, PricePoint.class))
                    .hasSize(3);
            assertThat(stage.serializedValues(AlertStores.REGION_OFFERS, PricePoint.class))
                    .hasSize(3);
        }
        // Each hour four new pairs alert (a-h|home, a-h|b-(h-1), b-h|home, a-h|b-h), and a pair is kept
        // 2.5 h after the newest alert: those of the last three hours, twelve.
        assertThat(pairsThatAlerted).hasSize(4 * 1_000 - 1);
        assertThat(largestPairs).isEqualTo(12);
        assertThat(largestRegions).isEqualTo(3);
        assertThat(largestBoardBytes).isLessThan(2_000);
    }

    @Test
    void aPairIsThrottledUntilItsAlertIsForgottenThenOnlyAFarLatePriceCanRepeatIt() throws Exception {
        try (AlertStageDriver stage = new AlertStageDriver(new ArbitrageDetector(20, THROTTLE_MS, LATE_MS))) {
            stage.send(price("east", "a", 4.0, 0));
            assertThat(stage.send(price("west", "b", 2.0, MINUTE))).hasSize(1);
            // Within the throttle period: no second alert of west|east.
            assertThat(stage.send(price("west", "c", 1.9, 5 * MINUTE))).isEmpty();

            // An alert of another pair ten hours later forgets west|east (older than throttle + lateness).
            assertThat(stage.send(price("north", "d", 2.0, 10 * HOUR)))
                    .extracting(ArbitrageAlert::getCheapRegion)
                    .containsExactly("north");
            assertThat(stage.<RegionBoard>store(AlertStores.BOARDS)
                            .get(MODEL_KEY)
                            .lastAlertAtByPair())
                    .containsOnlyKeys("north|east");

            // So a price dated ten hours before that alert repeats west|east within its old throttle period.
            assertThat(stage.send(price("west", "e", 1.8, 6 * MINUTE)))
                    .extracting(ArbitrageAlert::getDearRegion)
                    .containsExactly("east");
        }
    }
}
