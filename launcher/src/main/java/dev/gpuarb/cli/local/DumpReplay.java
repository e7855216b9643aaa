package dev.gpuarb.cli.local;

import dev.gpuarb.cli.replay.ReplayCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** {@code gpuarb up --replay}: the dumps sent once into the local run, exactly as {@code gpuarb replay} sends them. */
final class DumpReplay {

    private DumpReplay() {}

    /** Runs {@code gpuarb replay} against the local run; its exit code (see {@link ReplayCommand}). */
    static int run(List<Path> paths, String bootstrapServers, String registryUrl) {
        List<String> args =
                new ArrayList<>(List.of("--bootstrap-servers", bootstrapServers, "--registry-url", registryUrl));
        paths.forEach(p -> args.add(p.toString()));
        return new CommandLine(new ReplayCommand()).execute(args.toArray(String[]::new));
    }
}
