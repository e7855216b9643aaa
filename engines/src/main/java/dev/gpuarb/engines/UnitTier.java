package dev.gpuarb.engines;

/**
 * Keeps real engines out of the unit test tier. Surefire ({@code mvn test}) sets
 * {@code gpuarb.test.tier=unit}; an engine starting there belongs to a suite that should be named
 * {@code *IT}, which failsafe runs in {@code mvn verify}. Nothing else sets the property.
 */
public final class UnitTier {

    public static final String PROPERTY = "gpuarb.test.tier";

    private UnitTier() {}

    /** Throws when this JVM runs the unit tier: {@code engine} must not start here. */
    public static void refuse(String engine) {
        if ("unit".equals(System.getProperty(PROPERTY))) {
            throw new IllegalStateException(engine + " not started: " + PROPERTY
                    + "=unit, and real engines run in the *IT tier: mvn verify (rename the suite to *IT)");
        }
    }
}
