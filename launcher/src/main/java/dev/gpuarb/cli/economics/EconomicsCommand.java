package dev.gpuarb.cli.economics;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gpuarb economics}: the economics analyses of the ClickHouse views, printed as tables. */
@Command(
        name = "economics",
        mixinStandardHelpOptions = true,
        description = "Economics from ClickHouse: routing savings, spot vs on-demand, caching what-if, break-even, "
                + "self-hosting against the API.",
        subcommands = {
            SavingsCommand.class,
            SpotCommand.class,
            CacheCommand.class,
            BreakevenCommand.class,
            SelfHostCommand.class
        })
public final class EconomicsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a subcommand: say which exist (exit 2, as for any usage error). */
    @Override
    public Integer call() {
        spec.commandLine()
                .getErr()
                .println("gpuarb economics: name an analysis: savings, spot, cache, breakeven or selfhost");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
