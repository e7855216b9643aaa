package dev.gpuarb.streams.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.kstream.internals.TimeWindow;
import org.junit.jupiter.api.Test;

class TrailingDailyWindowsTest {

    private static final long DAY = TrailingDailyWindows.DAY_MS;

    @Test
    void aTimestampFallsIntoOneWindowPerDayOfTheHorizonEachEndingAtMidnight() {
        TrailingDailyWindows windows = TrailingDailyWindows.of(Duration.ofDays(7), Duration.ZERO);
        long ts = Instant.parse("2024-06-03T13:45:00Z").toEpochMilli();

        Map<Long, TimeWindow> found = windows.windowsFor(ts);

        assertThat(found).hasSize(7);
        long firstEnd = Instant.parse("2024-06-04T00:00:00Z").toEpochMilli();
        assertThat(found.values()).allSatisfy(w -> {
            assertThat(w.end() % DAY).isZero();
            assertThat(w.end() - w.start()).isEqualTo(7 * DAY);
            assertThat(w.start()).isLessThanOrEqualTo(ts);
            assertThat(w.end()).isGreaterThan(ts);
        });
        assertThat(found.values()).extracting(TimeWindow::end)
                .contains(firstEnd, firstEnd + 6 * DAY).doesNotContain(firstEnd + 7 * DAY);
    }

    @Test
    void aRecordAtMidnightBelongsToTheDayItStarts() {
        TrailingDailyWindows windows = TrailingDailyWindows.of(Duration.ofDays(1), Duration.ZERO);
        long midnight = Instant.parse("2024-06-03T00:00:00Z").toEpochMilli();

        assertThat(windows.windowsFor(midnight).values()).containsExactly(new TimeWindow(midnight, midnight + DAY));
    }

    @Test
    void horizonShorterThanADayIsRefused() {
        assertThatThrownBy(() -> TrailingDailyWindows.of(Duration.ofHours(6), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
