package dev.gpuarb.connectors.core;

/**
 * Ceilings above which a price is taken for an error rather than a market price.
 *
 * @param maxUsdPerGpuHour the dearest GPU-hour on sale is far below this (8x B200 is about $10 per GPU-hour)
 * @param maxUsdPerMillionTokens the dearest models list a few hundred dollars per million output tokens
 */
public record PriceLimits(double maxUsdPerGpuHour, double maxUsdPerMillionTokens) {

    public static final double DEFAULT_MAX_USD_PER_GPU_HOUR = 200.0;
    public static final double DEFAULT_MAX_USD_PER_MILLION_TOKENS = 2000.0;

    public static PriceLimits defaults() {
        return new PriceLimits(DEFAULT_MAX_USD_PER_GPU_HOUR, DEFAULT_MAX_USD_PER_MILLION_TOKENS);
    }
}
