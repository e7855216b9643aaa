package dev.gpuarb.streams.validate;

import dev.gpuarb.streams.config.AppConfig;
import java.time.Duration;
import java.util.Map;

/** The sanity bounds and currency rates the validators apply. */
public record Limits(
        double minUsdPerGpuHour,
        double maxUsdPerGpuHour,
        double minUsdPerMillionTokens,
        double maxUsdPerMillionTokens,
        double perTokenThreshold,
        int maxGpuCount,
        Duration maxFutureSkew,
        Map<String, Double> usdRates) {

    public static Limits from(AppConfig config) {
        return new Limits(
                config.number(AppConfig.VALIDATE_MIN_USD_PER_GPU_HOUR),
                config.number(AppConfig.VALIDATE_MAX_USD_PER_GPU_HOUR),
                config.number(AppConfig.VALIDATE_MIN_USD_PER_MILLION_TOKENS),
                config.number(AppConfig.VALIDATE_MAX_USD_PER_MILLION_TOKENS),
                config.number(AppConfig.VALIDATE_PER_TOKEN_THRESHOLD),
                (int) config.longValue(AppConfig.VALIDATE_MAX_GPU_COUNT),
                config.maxFutureSkew(),
                config.usdRates());
    }
}
