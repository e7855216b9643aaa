package dev.gpuarb.streams.profiles;

import dev.gpuarb.avro.HourOfDayStats;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.TimeOfDayProfile;
import dev.gpuarb.streams.common.PricePoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns a closed horizon window into the published time-of-day profile. */
public final class ProfileCalculator {

    private ProfileCalculator() {
    }

    public static TimeOfDayProfile toProfile(HourOfDayAccumulator acc, long horizonStart, long horizonEnd) {
        double sumOfMeans = 0;
        int hoursWithData = 0;
        double[] means = new double[HourOfDayAccumulator.HOURS];
        for (int h = 0; h < HourOfDayAccumulator.HOURS; h++) {
            if (acc.counts()[h] > 0) {
                means[h] = acc.sums()[h] / acc.counts()[h];
                sumOfMeans += means[h];
                hoursWithData++;
            }
        }
        // Mean of hourly means, so an hour with many price changes does not dominate the day.
        double dailyMean = sumOfMeans / hoursWithData;
        List<HourOfDayStats> hours = new ArrayList<>();
        int cheapestHour = -1;
        for (int h = 0; h < HourOfDayAccumulator.HOURS; h++) {
            if (acc.counts()[h] == 0) {
                continue;
            }
            hours.add(HourOfDayStats.newBuilder()
                    .setHourUtc(h).setMeanPrice(means[h]).setSampleCount(acc.counts()[h])
                    .setVsDailyMeanPct(vsPct(means[h], dailyMean))
                    .build());
            // Strictly lower only: on a tie the earliest hour wins.
            if (cheapestHour < 0 || means[h] < means[cheapestHour]) {
                cheapestHour = h;
            }
        }
        boolean gpu = acc.pricingModel() != null;
        return TimeOfDayProfile.newBuilder()
                .setGpuModel(acc.product())
                .setPricingModel(gpu ? PricingModel.valueOf(acc.pricingModel()) : null)
                .setRegion(acc.region())
                .setPriceUnit(gpu ? PricePoint.USD_PER_GPU_HOUR : PricePoint.USD_PER_MILLION_TOKENS)
                .setHorizonStart(Instant.ofEpochMilli(horizonStart))
                .setHorizonEnd(Instant.ofEpochMilli(horizonEnd))
                .setDailyMean(dailyMean)
                .setHours(hours)
                .setCheapestHourUtc(cheapestHour)
                .setCheapestVsDailyMeanPct(vsPct(means[cheapestHour], dailyMean))
                .setComputedAt(Instant.ofEpochMilli(acc.lastAt()))
                .build();
    }

    static double vsPct(double value, double mean) {
        return mean > 0 ? (value - mean) / mean * 100 : 0;
    }
}
