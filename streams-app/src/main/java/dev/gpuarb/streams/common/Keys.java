package dev.gpuarb.streams.common;

/** Composite keys are fields joined by '|', as the topic catalog describes them. */
public final class Keys {

    public static final String SEPARATOR = "|";

    private Keys() {}

    public static String join(String... parts) {
        return String.join(SEPARATOR, parts);
    }

    /**
     * Whether a name would be ambiguous inside a key: "a|b" + "c" and "a" + "b|c" join alike. Names that
     * become key parts are checked when records enter (validation), so joined keys never collide.
     */
    public static boolean containsSeparator(CharSequence name) {
        return name != null && name.toString().contains(SEPARATOR);
    }
}
