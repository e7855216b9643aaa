package dev.gpuarb.streams.profiles;

import static dev.gpuarb.streams.Fixtures.T0;
import static dev.gpuarb.streams.Fixtures.gpu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpuarb.avro.HourOfDayStats;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.TimeOfDayProfile;
import dev.gpuarb.streams.AppConfig;
import dev.gpuarb.streams.Pipeline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A 2-day horizon keeps the number of emitted windows small. */
class TimeOfDayProfilesTest {

    private Pipeline p;

    @BeforeEach
    void start() throws Exception {
        p = Pipeline.start(Map.of(AppConfig.PROFILES_HORIZON_MS, Long.toString(Duration.ofDays(2).toMillis()),
                AppConfig.GRACE_MS, "600000"));
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
        spot("us-east-1", 4.0, Duration.ofHours(14).plusMinutes(30));
        spot("us-east-1", 3.0, Duration.ofHours(23));
        assertThat(p.profiles.isEmpty()).isTrue();

        spot("us-east-1", 3.0, Duration.ofDays(1).plusMinutes(11)); // past midnight + 10 min grace
        List<KeyValue<String, TimeOfDayProfile>> out = p.profiles.readKeyValuesToList();

        // windows ending at the first midnight: [T0-1d, T0+1d)
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo("H100-80GB|SPOT|us-east-1");
        TimeOfDayProfile profile = out.get(0).value;
        assertThat(profile.getHorizonEnd()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(profile.getHorizonStart()).isEqualTo(T0.minus(Duration.ofDays(1)));
        double dailyMean = (3.0 + 2.0 + 4.0 + 3.0) / 4; // mean of hourly means
        assertThat(profile.getDailyMean()).isCloseTo(dailyMean, within(1e-9));
        assertThat(profile.getCheapestHourUtc()).isEqualTo(3);
        assertThat(profile.getCheapestVsDailyMeanPct()).isCloseTo((2.0 - dailyMean) / dailyMean * 100, within(1e-9));
        assertThat(profile.getHours()).extracting(HourOfDayStats::getHourUtc).containsExactly(2, 3, 14, 23);
        assertThat(profile.getHours().get(2).getSampleCount()).isEqualTo(2);
        assertThat(profile.getComputedAt()).isEqualTo(T0.plus(Duration.ofHours(23)));
    }

    @Test
    void theTrailingHorizonMergesTheSameHourAcrossDays() {
        spot("eu-west-1", 2.0, Duration.ofHours(5));
        spot("eu-west-1", 4.0, Duration.ofDays(1).plusHours(5));
        spot("eu-west-1", 6.0, Duration.ofDays(1).plusHours(6));
        spot("eu-west-1", 6.0, Duration.ofDays(2).plusMinutes(11));

        List<TimeOfDayProfile> out = p.profiles.readValuesToList();
        TimeOfDayProfile twoDays = out.get(out.size() - 1);
        assertThat(twoDays.getHorizonEnd()).isEqualTo(T0.plus(Duration.ofDays(2)));
        assertThat(twoDays.getHours().get(0).getHourUtc()).isEqualTo(5);
        assertThat(twoDays.getHours().get(0).getMeanPrice()).isEqualTo(3.0);
        assertThat(twoDays.getCheapestHourUtc()).isEqualTo(5);
    }

    @Test
    void equalHourlyMeansPickTheEarliestHour() {
        spot("us-west-2", 3.0, Duration.ofHours(9));
        spot("us-west-2", 3.0, Duration.ofHours(4));
        spot("us-west-2", 3.0, Duration.ofDays(1).plusMinutes(11));

        TimeOfDayProfile profile = p.profiles.readValue();
        assertThat(profile.getCheapestHourUtc()).isEqualTo(4);
        assertThat(profile.getCheapestVsDailyMeanPct()).isZero();
    }
}
