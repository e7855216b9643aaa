package dev.gpuarb.bench.micro;

import dev.gpuarb.bench.report.BenchmarkReport.Micro;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH benchmarks of this module (forked JVMs, as JMH recommends) and collects their scores. */
public final class MicroBenchmarks {

    private MicroBenchmarks() {}

    public static List<Micro> run(boolean quick) throws Exception {
        Options options = new OptionsBuilder()
                .include(SerdeBenchmark.class.getName())
                .include(RouteSelectionBenchmark.class.getName())
                .include(RouteEngineTickBenchmark.class.getName())
                .forks(1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .jvmArgsAppend("-Xmx512m")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        List<Micro> out = new ArrayList<>();
        for (RunResult r : results) {
            var params = r.getParams();
            String p = params.getParamsKeys().stream()
                    .map(k -> k + "=" + params.getParam(k))
                    .collect(Collectors.joining(","));
            String name = params.getBenchmark();
            out.add(new Micro(
                    name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                    p,
                    r.getPrimaryResult().getScore(),
                    r.getPrimaryResult().getScoreError(),
                    r.getPrimaryResult().getScoreUnit()));
        }
        return out;
    }
}
