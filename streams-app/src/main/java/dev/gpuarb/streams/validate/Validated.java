package dev.gpuarb.streams.validate;

/** Either the normalised value or the reason it was refused; exactly one is set. */
public record Validated<T>(T value, Rejection rejection) {

    public static <T> Validated<T> ok(T value) {
        return new Validated<>(value, null);
    }

    public static <T> Validated<T> rejected(String reason, String detail) {
        return new Validated<>(null, new Rejection(reason, detail));
    }

    public boolean isValid() {
        return rejection == null;
    }
}
