package dev.gpuarb.cli.common;

/** Exit codes that mean the same for every command. */
public final class ExitCodes {

    /** The run failed because of its environment (ports taken, engine failed to start, cluster unreachable). */
    public static final int ENVIRONMENT = 3;

    private ExitCodes() {}
}
