package dev.gpuarb.streams.effect;

import dev.gpuarb.avro.HourOfDayStats;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.TimeOfDayProfile;
import dev.gpuarb.streams.common.PricePoint;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns a horizon's summed day totals into the published time-of-day profile. */
public final class ProfileCalculator {

    private ProfileCalculator() {}

    /** The profile, or null when no price was in effect in the horizon. */
    public static TimeOfDayProfile toProfile(DayTotals horizon, long horizonStart, long horizonEnd) {
        double sumOfMeans = 0;
        int hoursWithData = 0;
        double[] means = new double[DayTotals.HOURS];
        for (int h = 0; h < DayTotals.HOURS; h++) {
            if (horizon.millis()[h] > 0) {
                means[h] = horizon.weighted()[h]
                        .divide(BigDecimal.valueOf(horizon.millis()[h]), MathContext.DECIMAL128)
                        .doubleValue();
                sumOfMeans += means[h];
                hoursWithData++;
            }
        }
        if (hoursWithData == 0) {
            return null;
        }
        // Mean of hourly means, so each hour of the day weighs the same whatever its coverage.
        double dailyMean = sumOfMeans / hoursWithData;
        List<HourOfDayStats> hours = new ArrayList<>();
        int cheapestHour = -1;
        for (int h = 0; h < DayTotals.HOURS; h++) {
            if (horizon.millis()[h] == 0) {
                continue;
            }
            hours.add(HourOfDayStats.newBuilder()
                    .setHourUtc(h)
                    .setMeanPrice(means[h])
                    .setSampleCount(horizon.periods()[h])
                    .setVsDailyMeanPct(vsPct(means[h], dailyMean))
                    .build());
            // Strictly lower only: on a tie the earliest hour wins.
            if (cheapestHour < 0 || means[h] < means[cheapestHour]) {
                cheapestHour = h;
            }
        }
        boolean gpu = horizon.pricingModel() != null;
        return TimeOfDayProfile.newBuilder()
                .setGpuModel(horizon.product())
                .setPricingModel(gpu ? PricingModel.valueOf(horizon.pricingModel()) : null)
                .setRegion(horizon.region())
                .setPriceUnit(gpu ? PricePoint.USD_PER_GPU_HOUR : PricePoint.USD_PER_MILLION_TOKENS)
                .setHorizonStart(Instant.ofEpochMilli(horizonStart))
                .setHorizonEnd(Instant.ofEpochMilli(horizonEnd))
                .setDailyMean(dailyMean)
                .setHours(hours)
                .setCheapestHourUtc(cheapestHour)
                .setCheapestVsDailyMeanPct(vsPct(means[cheapestHour], dailyMean))
                .setComputedAt(Instant.ofEpochMilli(horizon.lastAt()))
                .build();
    }

    static double vsPct(double value, double mean) {
        return mean > 0 ? (value - mean) / mean * 100 : 0;
    }
}
