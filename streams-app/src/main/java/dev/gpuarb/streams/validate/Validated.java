package dev.gpuarb.streams.validate;

import dev.gpuarb.vocab.PriceRules;
import dev.gpuarb.vocab.RejectReason;

/** Either the normalised value or the reason it was refused; exactly one is set. */
public record Validated<T>(T value, Rejection rejection) {

    public static <T> Validated<T> ok(T value) {
        return new Validated<>(value, null);
    }

    public static <T> Validated<T> rejected(RejectReason reason, String detail) {
        return new Validated<>(null, new Rejection(reason, detail));
    }

    /** The rejection a shared rule's violation stands for; null when the rule passed. */
    public static <T> Validated<T> rejected(PriceRules.Violation violation) {
        return violation == null ? null : rejected(violation.reason(), violation.detail());
    }

    public boolean isValid() {
        return rejection == null;
    }
}
