package dev.gpuarb.cli;

import dev.gpuarb.cli.common.ExitCodes;
import dev.gpuarb.cli.common.StateDir;
import dev.gpuarb.cli.economics.EconomicsCommand;
import dev.gpuarb.cli.replay.ReplayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gpuarb} command. */
@Command(
        name = "gpuarb",
        mixinStandardHelpOptions = true,
        version = "gpuarb 0.1.0-SNAPSHOT",
        description = "Price intelligence and arbitrage for AI compute: GPU-hour and token prices, routes and bids.",
        subcommands = {
            UpCommand.class,
            StatusCommand.class,
            PolicyCommand.class,
            RoutesCommand.class,
            ReplayCommand.class,
            EconomicsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class GpuarbCli {

    public static void main(String[] args) {
        // Library logs go to a file under the state directory; the terminal shows our own progress.
        if (System.getProperty("gpuarb.log.dir") == null) {
            System.setProperty(
                    "gpuarb.log.dir", StateDir.defaultLocation().resolve("logs").toString());
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new GpuarbCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    cmd.getErr().println("gpuarb: " + ex.getMessage());
                    return ExitCodes.ENVIRONMENT;
                });
    }
}
