package dev.gpuarb.connectors.core;

import dev.gpuarb.vocab.PriceRules;
import dev.gpuarb.vocab.RejectReason;
import java.util.function.Function;

/** A value, or the reason there is none. Lets field checks compose without exceptions. */
public sealed interface Checked<T> {

    record Ok<T>(T value) implements Checked<T> {}

    record Failed<T>(RejectReason reason, String detail) implements Checked<T> {}

    static <T> Checked<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Checked<T> failed(RejectReason reason, String detail) {
        return new Failed<>(reason, detail);
    }

    /** {@code value} when the shared rule passed (no violation), else the rule's failure. */
    static <T> Checked<T> of(PriceRules.Violation violation, T value) {
        return violation == null ? ok(value) : failed(violation.reason(), violation.detail());
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("no value: " + this);
    }

    default <R> Checked<R> map(Function<T, R> f) {
        if (this instanceof Ok<T> ok) {
            return ok(f.apply(ok.value()));
        }
        Failed<T> failed = (Failed<T>) this;
        return failed(failed.reason(), failed.detail());
    }

    /** The failure as a rejection of the given input. */
    default Rejection toRejection(String source, String rawExcerpt, String location) {
        Failed<T> failed = (Failed<T>) this;
        return new Rejection(source, failed.reason(), failed.detail(), rawExcerpt, location);
    }
}
