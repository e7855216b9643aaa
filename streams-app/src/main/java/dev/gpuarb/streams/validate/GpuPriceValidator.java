package dev.gpuarb.streams.validate;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.streams.common.Keys;
import dev.gpuarb.streams.time.EventTimes;
import dev.gpuarb.vocab.PriceRules;
import dev.gpuarb.vocab.RejectReason;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;

/**
 * Second line of defence after the connectors: refuses GPU prices that cannot be right and
 * normalises the rest (lower-case ids, USD, per-GPU price recomputed when it disagrees with
 * the instance price).
 */
public final class GpuPriceValidator {

    /** Relative disagreement between usdPerGpuHour and usdPerHour / gpuCount that is tolerated as rounding. */
    static final double PER_GPU_TOLERANCE = 0.01;

    private final Limits limits;
    private final Clock clock;

    public GpuPriceValidator(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public Validated<GpuPriceObservation> validate(GpuPriceObservation in) {
        if (in == null) {
            return Validated.rejected(RejectReason.NULL_VALUE, "record value is null");
        }
        String missing = firstBlank(in);
        if (missing != null) {
            return Validated.rejected(RejectReason.MISSING_FIELD, missing + " is missing or blank");
        }
        Validated<GpuPriceObservation> ambiguous = separatorIn(
                "provider",
                in.getProvider(),
                "region",
                in.getRegion(),
                "zone",
                in.getZone(),
                "instanceType",
                in.getInstanceType(),
                "gpuModel",
                in.getGpuModel());
        if (ambiguous != null) {
            return ambiguous;
        }
        if (in.getObservedAt() == null || in.getObservedAt().toEpochMilli() <= 0) {
            return Validated.rejected(
                    RejectReason.INVALID_TIMESTAMP, "observedAt must be after 1970-01-01, was " + in.getObservedAt());
        }
        if (EventTimes.tooFarAhead(in.getObservedAt(), clock, limits.maxFutureSkew())) {
            return Validated.rejected(
                    RejectReason.FUTURE_TIMESTAMP,
                    "observedAt " + EventTimes.describe(in.getObservedAt(), clock, limits.maxFutureSkew()));
        }
        Validated<GpuPriceObservation> badMachine = firstRejected(
                PriceRules.gpuCount("gpuCount", in.getGpuCount(), limits.maxGpuCount()),
                PriceRules.gpuMemoryGb("gpuMemoryGb", in.getGpuMemoryGb()),
                PriceRules.reliability("reliability", in.getReliability()),
                PriceRules.dlperf("dlperf", in.getDlperf()));
        if (badMachine != null) {
            return badMachine;
        }
        String currency = in.getCurrency().trim().toUpperCase(Locale.ROOT);
        double usdPerHour = in.getUsdPerHour();
        if (!isPositive(usdPerHour) && !"USD".equals(currency)) {
            // The USD figure is unusable; convert the published amount ourselves when the rate is known.
            Double rate = limits.usdRates().get(currency);
            if (rate == null) {
                return Validated.rejected(
                        RejectReason.UNKNOWN_CURRENCY,
                        "usdPerHour is " + usdPerHour + " and there is no USD rate for " + currency);
            }
            usdPerHour = in.getOriginalAmount() * rate;
        }
        Validated<GpuPriceObservation> priceProblem =
                Validated.rejected(PriceRules.price("usdPerHour", usdPerHour, false));
        if (priceProblem != null) {
            return priceProblem;
        }
        double perGpu = perGpuHour(in.getUsdPerGpuHour(), usdPerHour, in.getGpuCount());
        if (perGpu < limits.minUsdPerGpuHour() || perGpu > limits.maxUsdPerGpuHour()) {
            return Validated.rejected(
                    RejectReason.ABSURD_PRICE,
                    "usdPerGpuHour " + perGpu + " is outside " + limits.minUsdPerGpuHour() + ".."
                            + limits.maxUsdPerGpuHour());
        }
        String provider = lower(in.getProvider());
        String region = lower(in.getRegion());
        String zone = in.getZone() == null || in.getZone().isBlank() ? null : lower(in.getZone());
        if (provider.equals(in.getProvider())
                && region.equals(in.getRegion())
                && Objects.equals(zone, in.getZone())
                && currency.equals(in.getCurrency())
                && Double.compare(usdPerHour, in.getUsdPerHour()) == 0
                && Double.compare(perGpu, in.getUsdPerGpuHour()) == 0) {
            // Already normal, as the connectors send it: no copy (a builder deep-copies every field).
            return Validated.ok(in);
        }
        return Validated.ok(GpuPriceObservation.newBuilder(in)
                .setProvider(provider)
                .setRegion(region)
                .setZone(zone)
                .setCurrency(currency)
                .setUsdPerHour(usdPerHour)
                .setUsdPerGpuHour(perGpu)
                .build());
    }

    /** The stated per-GPU price when it agrees with the instance price, else the recomputed one. */
    static double perGpuHour(double stated, double usdPerHour, int gpuCount) {
        double expected = usdPerHour / gpuCount;
        boolean agrees = Double.isFinite(stated) && Math.abs(stated - expected) <= PER_GPU_TOLERANCE * expected;
        return agrees ? stated : expected;
    }

    /** The rejection of the first violated rule in order, or null when all passed. */
    static <T> Validated<T> firstRejected(PriceRules.Violation... checks) {
        for (PriceRules.Violation violation : checks) {
            if (violation != null) {
                return Validated.rejected(violation);
            }
        }
        return null;
    }

    private static String firstBlank(GpuPriceObservation in) {
        if (blank(in.getOfferId())) return "offerId";
        if (blank(in.getProvider())) return "provider";
        if (blank(in.getRegion())) return "region";
        if (blank(in.getInstanceType())) return "instanceType";
        if (blank(in.getGpuModel())) return "gpuModel";
        if (blank(in.getCurrency())) return "currency";
        if (blank(in.getSource())) return "source";
        return null;
    }

    /**
     * A rejection naming the first of these (name, value) pairs whose value holds the key separator; null
     * when none does. Such a name would let two offers share an offer id or an aggregate key.
     */
    static <T> Validated<T> separatorIn(CharSequence... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (Keys.containsSeparator(namesAndValues[i + 1])) {
                return Validated.rejected(
                        RejectReason.SEPARATOR_IN_NAME,
                        namesAndValues[i] + " '" + namesAndValues[i + 1] + "' contains '" + Keys.SEPARATOR
                                + "', which separates the parts of keys");
            }
        }
        return null;
    }

    private static boolean isPositive(double v) {
        return Double.isFinite(v) && v > 0;
    }

    static boolean blank(CharSequence s) {
        return s == null || s.toString().isBlank();
    }

    static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
