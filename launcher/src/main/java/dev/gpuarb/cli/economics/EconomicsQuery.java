package dev.gpuarb.cli.economics;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Shared by the economics subcommands: check the options, run one query against ClickHouse, print
 * the table. Exit codes: 0 printed, 1 ClickHouse refused the query (e.g. not migrated), 2 bad
 * options, 3 ClickHouse unreachable.
 */
abstract class EconomicsQuery implements Callable<Integer> {

    static final int EXIT_QUERY_FAILED = 1;
    static final int EXIT_UNREACHABLE = 3;

    @Mixin
    ClickHouseOptions clickhouse;

    @Spec
    CommandSpec spec;

    /** The SQL to run; throws {@link ParameterException} (via {@link #invalid}) for bad options. */
    abstract String sql();

    /** What to print when there are no rows. */
    abstract String emptyMessage();

    /** A line above the table saying what it shows. */
    abstract String title();

    ParameterException invalid(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    static void requireFraction(EconomicsQuery q, String option, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw q.invalid(option + " must be between 0 and 1, got " + v);
        }
    }

    static void requireNonNegative(EconomicsQuery q, String option, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw q.invalid(option + " must be a number >= 0, got " + v);
        }
    }

    static void requirePositive(EconomicsQuery q, String option, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw q.invalid(option + " must be a number > 0, got " + v);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        String sql = sql();
        ClickHouseHttp client = clickhouse.client();
        try {
            report(client, sql);
        } catch (ClickHouseHttp.UnreachableException e) {
            System.err.println("gpuarb economics: " + e.getMessage());
            return EXIT_UNREACHABLE;
        } catch (ClickHouseHttp.QueryException e) {
            System.err.println("gpuarb economics: " + e.getMessage());
            return EXIT_QUERY_FAILED;
        }
        return 0;
    }

    /** Runs the query and prints the title and the table; an analysis that needs more queries runs them here. */
    void report(ClickHouseHttp client, String sql)
            throws ClickHouseHttp.UnreachableException, ClickHouseHttp.QueryException, InterruptedException {
        Table table = client.query(sql);
        System.out.println(title());
        table.print(System.out, emptyMessage());
    }
}
