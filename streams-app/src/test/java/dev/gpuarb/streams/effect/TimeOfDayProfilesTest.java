package dev.gpuarb.streams.effect;

import static dev.gpuarb.streams.Fixtures.T0;
import static dev.gpuarb.streams.Fixtures.gpu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpuarb.avro.HourOfDayStats;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.TimeOfDayProfile;
import dev.gpuarb.streams.Pipeline;
import dev.gpuarb.streams.config.AppConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Time-of-day profiles over prices in effect: each hour of day's mean is the time-weighted mean of the
 * prices in effect during it. A 2-day horizon keeps the number of emitted windows small; expected
 * values are worked out by hand.
 */
class TimeOfDayProfilesTest {

    private Pipeline p;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start(Map.of(
                AppConfig.PROFILES_HORIZON_MS,
                Long.toString(Duration.ofDays(2).toMillis()),
                AppConfig.GRACE_MS,
                "600000"));
    }

    @AfterEach
    void stop() {
        p.close();
    }

    private void spot(String region, double price, Duration sinceT0) {
        p.send(gpu("aws", region, PricingModel.SPOT, price, T0.plus(sinceT0)).build());
    }

    @Test
    void profileShowsTheCheapestHourAgainstTheDailyMeanOnceTheDayCloses() {
        spot("us-east-1", 3.0, Duration.ofHours(2));
        spot("us-east-1", 2.0, Duration.ofHours(3));
        spot("us-east-1", 4.0, Duration.ofHours(14));
        spot("us-east-1", 4.0, Duration.ofHours(14).plusMinutes(30)); // the same price confirmed
        spot("us-east-1", 3.0, Duration.ofHours(23));
        assertThat(p.profiles.isEmpty()).isTrue();

        spot("us-east-1", 3.0, Duration.ofDays(1).plusMinutes(11)); // past midnight + 10 min grace
        List<KeyValue<String, TimeOfDayProfile>> out = p.profiles.readKeyValuesToList();

        // the horizon ending at the first midnight: [T0-1d, T0+1d)
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo("H100-80GB|SPOT|us-east-1");
        TimeOfDayProfile profile = out.get(0).value;
        assertThat(profile.getHorizonEnd()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(profile.getHorizonStart()).isEqualTo(T0.minus(Duration.ofDays(1)));
        // In effect: 3.0 in hour 2, 2.0 in hours 3-13, 4.0 in hours 14-22, 3.0 in hour 23 (each price holds
        // until the next); hours 0 and 1 had no price.
        double dailyMean = (3.0 + 11 * 2.0 + 9 * 4.0 + 3.0) / 22;
        assertThat(profile.getHours())
                .extracting(HourOfDayStats::getHourUtc)
                .containsExactlyElementsOf(IntStream.rangeClosed(2, 23).boxed().toList());
        assertThat(profile.getHours())
                .extracting(HourOfDayStats::getMeanPrice)
                .containsExactly(
                        3.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0,
                        4.0, 4.0, 3.0);
        assertThat(profile.getDailyMean()).isCloseTo(dailyMean, within(1e-12));
        assertThat(profile.getCheapestHourUtc())
                .as("the earliest of the equally cheap hours")
                .isEqualTo(3);
        assertThat(profile.getCheapestVsDailyMeanPct()).isCloseTo((2.0 - dailyMean) / dailyMean * 100, within(1e-9));
        assertThat(profile.getHours())
                .allSatisfy(h -> assertThat(h.getSampleCount())
                        .as("one price in effect per hour")
                        .isEqualTo(1));
        assertThat(profile.getComputedAt()).isEqualTo(T0.plus(Duration.ofHours(23)));
    }

    @Test
    void theTrailingHorizonWeighsTheSameHourAcrossDaysByTime() {
        spot("eu-west-1", 2.0, Duration.ofHours(5));
        spot("eu-west-1", 4.0, Duration.ofDays(1).plusHours(5));
        spot("eu-west-1", 6.0, Duration.ofDays(1).plusHours(6).plusMinutes(30));
        spot("eu-west-1", 6.0, Duration.ofDays(2).plusMinutes(11));

        List<TimeOfDayProfile> out = p.profiles.readValuesToList();
        TimeOfDayProfile twoDays = out.get(out.size() - 1);
        assertThat(twoDays.getHorizonEnd()).isEqualTo(T0.plus(Duration.ofDays(2)));
        assertThat(twoDays.getHorizonStart()).isEqualTo(T0);
        double[] expected = new double[24];
        for (int h = 0; h < 24; h++) {
            if (h < 5) {
                expected[h] = 2.0; // day 2 only: 2.0 held from 05:00 on day 1 to 05:00 on day 2
            } else if (h == 5) {
                expected[h] = (2.0 + 4.0) / 2; // day 1 at 2.0, day 2 at 4.0
            } else if (h == 6) {
                expected[h] =
                        (2.0 * 60 + 4.0 * 30 + 6.0 * 30) / 120; // day 1: 60 min at 2.0; day 2: 30 at 4.0, 30 at 6.0
            } else {
                expected[h] = (2.0 + 6.0) / 2;
            }
        }
        assertThat(twoDays.getHours()).hasSize(24);
        for (HourOfDayStats hour : twoDays.getHours()) {
            assertThat(hour.getMeanPrice())
                    .as("hour %d", hour.getHourUtc())
                    .isCloseTo(expected[hour.getHourUtc()], within(1e-12));
        }
        assertThat(twoDays.getCheapestHourUtc()).isZero();
        assertThat(twoDays.getHours().get(6).getSampleCount())
                .as("2.0 on day 1; 4.0 and 6.0 on day 2")
                .isEqualTo(3);
    }

    @Test
    void equalHourlyMeansPickTheEarliestHour() {
        spot("us-west-2", 3.0, Duration.ofHours(4));
        spot("us-west-2", 3.0, Duration.ofHours(9));
        spot("us-west-2", 3.0, Duration.ofDays(1).plusMinutes(11));

        TimeOfDayProfile profile = p.profiles.readValue();
        assertThat(profile.getCheapestHourUtc()).isEqualTo(4);
        assertThat(profile.getCheapestVsDailyMeanPct()).isZero();
        assertThat(profile.getHours()).hasSize(20);
    }
}
