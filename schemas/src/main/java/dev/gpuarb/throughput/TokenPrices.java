package dev.gpuarb.throughput;

/** GPU-hour prices on the per-token scale. */
public final class TokenPrices {

    private TokenPrices() {}

    /** USD per million tokens of capacity bought at {@code usdPerHour} that produces {@code tokensPerSecond}. */
    public static double usdPerMillionTokens(double usdPerHour, double tokensPerSecond) {
        if (!(usdPerHour >= 0) || Double.isInfinite(usdPerHour)) {
            throw new IllegalArgumentException("usdPerHour must be a finite non-negative number");
        }
        if (!(tokensPerSecond > 0) || Double.isInfinite(tokensPerSecond)) {
            throw new IllegalArgumentException("tokensPerSecond must be a finite positive number");
        }
        return usdPerHour / (tokensPerSecond * 3600.0) * 1e6;
    }
}
