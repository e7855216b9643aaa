package dev.gpuarb.streams.validate;

import dev.gpuarb.vocab.RejectReason;

/** Either the normalised value or the reason it was refused; exactly one is set. */
public record Validated<T>(T value, Rejection rejection) {

    public static <T> Validated<T> ok(T value) {
        return new Validated<>(value, null);
    }

    public static <T> Validated<T> rejected(RejectReason reason, String detail) {
        return new Validated<>(null, new Rejection(reason, detail));
    }

    public boolean isValid() {
        return rejection == null;
    }
}
