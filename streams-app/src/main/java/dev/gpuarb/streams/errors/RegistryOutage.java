package dev.gpuarb.streams.errors;

import dev.gpuarb.registry.RegistryUnavailableException;

/** Tells a passing schema-registry outage (wait and process the same records again) from bad data. */
public final class RegistryOutage {

    private RegistryOutage() {}

    /** Whether the registry being unreachable is somewhere in the cause chain. */
    public static boolean isCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
