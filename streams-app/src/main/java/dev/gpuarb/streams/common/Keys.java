package dev.gpuarb.streams.common;

/** Composite keys are fields joined by '|', as the topic catalog describes them. */
public final class Keys {

    public static final String SEPARATOR = "|";

    private Keys() {
    }

    public static String join(String... parts) {
        return String.join(SEPARATOR, parts);
    }
}
