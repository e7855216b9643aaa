package dev.gpuarb.registry;

import java.util.List;

/** The registry's answer to a compatibility check, with its reasons when incompatible. */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    public static CompatibilityResult ok() {
        return new CompatibilityResult(true, List.of());
    }
}
