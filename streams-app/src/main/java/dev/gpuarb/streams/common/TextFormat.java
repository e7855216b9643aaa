package dev.gpuarb.streams.common;

import java.util.Formatter;
import java.util.Locale;

/**
 * {@link String#format} for the per-record texts of decisions (a bid's or a route switch's reason), with the same
 * output. String.format builds a Formatter per call, which looks up and copies the locale's digit symbols each
 * time (measured at a tenth of a bid's cost, and 6 % of routing's stream thread when every tick switched a
 * route); one Formatter per thread does it once.
 *
 * <p>The Formatter's locale is {@code Locale.US}, which writes what {@code Locale.ROOT} writes for the
 * conversions used here (no grouping; '.', '0' and '-' in both), but which the JDK's Formatter knows without
 * looking up: with ROOT it copies the locale's decimal symbols again for every decimal number it prints
 * (twice the time of a bid's reason, and a fifth of a spot bid's cost).
 */
public final class TextFormat {

    private static final ThreadLocal<Formatter> FORMATTER =
            ThreadLocal.withInitial(() -> new Formatter(new StringBuilder(), Locale.US));

    private TextFormat() {}

    /** As {@code String.format(Locale.ROOT, pattern, args)}. */
    public static String format(String pattern, Object... args) {
        Formatter f = FORMATTER.get();
        StringBuilder out = (StringBuilder) f.out();
        out.setLength(0);
        return f.format(pattern, args).toString();
    }
}
