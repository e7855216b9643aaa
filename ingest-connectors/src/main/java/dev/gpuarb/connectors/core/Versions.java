package dev.gpuarb.connectors.core;

/** The plugin version reported to Connect, from the jar manifest when packaged. */
public final class Versions {

    private Versions() {}

    public static String plugin() {
        String version = Versions.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }
}
