package dev.gpuarb.streams.validate;

import static dev.gpuarb.streams.validate.GpuPriceValidator.blank;
import static dev.gpuarb.streams.validate.GpuPriceValidator.firstRejected;
import static dev.gpuarb.streams.validate.GpuPriceValidator.lower;
import static dev.gpuarb.streams.validate.GpuPriceValidator.separatorIn;

import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.streams.time.EventTimes;
import dev.gpuarb.vocab.PriceRules;
import dev.gpuarb.vocab.RejectReason;
import java.time.Clock;
import java.util.Objects;

/**
 * Refuses token prices that cannot be right and normalises the rest. A positive price below
 * the per-token threshold was almost certainly published per token rather than per million
 * tokens (0.0000025 instead of 2.5), so it is scaled up instead of refused.
 */
public final class TokenPriceValidator {

    private static final double TOKENS_PER_MILLION = 1_000_000d;

    private final Limits limits;
    private final Clock clock;

    public TokenPriceValidator(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public Validated<TokenPriceObservation> validate(TokenPriceObservation in) {
        if (in == null) {
            return Validated.rejected(RejectReason.NULL_VALUE, "record value is null");
        }
        String missing = blank(in.getOfferId())
                ? "offerId"
                : blank(in.getProvider())
                        ? "provider"
                        : blank(in.getModel()) ? "model" : blank(in.getSource()) ? "source" : null;
        if (missing != null) {
            return Validated.rejected(RejectReason.MISSING_FIELD, missing + " is missing or blank");
        }
        Validated<TokenPriceObservation> ambiguous =
                separatorIn("provider", in.getProvider(), "model", in.getModel(), "region", in.getRegion());
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
        double input = in.getUsdPerMillionInput();
        double output = in.getUsdPerMillionOutput();
        Validated<TokenPriceObservation> problem = firstRejected(
                PriceRules.price("usdPerMillionInput", input, true),
                PriceRules.price("usdPerMillionOutput", output, true));
        if (problem != null) {
            return problem;
        }
        if (input == 0 && output == 0) {
            // Free tiers are rate-limited trials, not capacity a route can depend on.
            return Validated.rejected(RejectReason.ZERO_PRICE, "both input and output prices are zero");
        }
        input = perMillion(input);
        output = perMillion(output);
        Double cached = in.getUsdPerMillionCachedInput();
        if (cached != null) {
            cached = Double.isFinite(cached) && cached >= 0 ? perMillion(cached) : null;
            cached = cached != null && belowFloor(cached) ? null : cached;
        }
        if (belowFloor(input) || belowFloor(output)) {
            return Validated.rejected(
                    RejectReason.ABSURD_PRICE,
                    "a positive price per million tokens below " + limits.minUsdPerMillionTokens()
                            + " is an error, not a price: input " + input + ", output " + output);
        }
        if (input > limits.maxUsdPerMillionTokens() || output > limits.maxUsdPerMillionTokens()) {
            return Validated.rejected(
                    RejectReason.ABSURD_PRICE,
                    "price per million tokens above " + limits.maxUsdPerMillionTokens() + ": input " + input
                            + ", output " + output);
        }
        String provider = lower(in.getProvider());
        String model = lower(in.getModel());
        String region = in.getRegion() == null || in.getRegion().isBlank() ? null : lower(in.getRegion());
        if (provider.equals(in.getProvider())
                && model.equals(in.getModel())
                && Objects.equals(region, in.getRegion())
                && Double.compare(input, in.getUsdPerMillionInput()) == 0
                && Double.compare(output, in.getUsdPerMillionOutput()) == 0
                && Objects.equals(cached, in.getUsdPerMillionCachedInput())) {
            // Already normal, as the connectors send it: no copy (a builder deep-copies every field).
            return Validated.ok(in);
        }
        return Validated.ok(TokenPriceObservation.newBuilder(in)
                .setProvider(provider)
                .setModel(model)
                .setRegion(region)
                .setUsdPerMillionInput(input)
                .setUsdPerMillionOutput(output)
                .setUsdPerMillionCachedInput(cached)
                .build());
    }

    /** Zero is a free tier; a positive price this small (1e-300) is a unit or encoding error. */
    private boolean belowFloor(double pricePerMillion) {
        return pricePerMillion > 0 && pricePerMillion < limits.minUsdPerMillionTokens();
    }

    private double perMillion(double price) {
        return price > 0 && price < limits.perTokenThreshold() ? price * TOKENS_PER_MILLION : price;
    }
}
