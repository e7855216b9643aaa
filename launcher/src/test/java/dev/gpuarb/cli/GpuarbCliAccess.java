package dev.gpuarb.cli;

import picocli.CommandLine;

/** The production command line, for tests in sub-packages. */
public final class GpuarbCliAccess {

    private GpuarbCliAccess() {
    }

    public static CommandLine commandLine() {
        return GpuarbCli.commandLine();
    }
}
