package dev.gpuarb.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.bench.report.BenchmarkReport.Throughput;
import dev.gpuarb.bench.stats.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {

    @Test
    void aRunReadsBackAsItWasWrittenWithNothingDerivedInTheFile(@TempDir Path dir) throws Exception {
        BenchmarkReport sample = MarkdownReportTest.sample();
        Throughput t = sample.throughput();
        Throughput withSameInterval = MarkdownReportTest.withLaterReaders(
                t,
                t.firstDrainRecordsPerSec(),
                null,
                null,
                Summary.of(List.of(70_000.0)),
                Summary.of(List.of(90_000.0)));
        BenchmarkReport written = new BenchmarkReport(
                sample.startedAt(),
                sample.finishedAt(),
                sample.quick(),
                sample.repetitions(),
                sample.machine(),
                withSameInterval,
                sample.freshness(),
                sample.sink(),
                sample.cost(),
                sample.micro(),
                sample.notes(),
                sample.summary());
        Path file = dir.resolve("run.json");
        JsonReport.write(written, file);

        assertThat(JsonReport.read(file)).isEqualTo(written);
        // The floor accessor is derived, not a field of the format (reading it back would fail if it were).
        assertThat(Files.readString(file))
                .contains("analyticsSameIntervalRecordsPerSec", "analyticsPassThroughRecordsPerSec")
                .doesNotContain("analyticsFloor");
        assertThat(JsonReport.read(file).throughput().analyticsFloor().median()).isEqualTo(90_000.0);
    }

    @Test
    void aRunWrittenBeforeAnalyticsHadItsOwnFloorComparesItWithTheWholeInputs() throws Exception {
        Path old = Path.of("results", "20261207T190159Z.json");
        Throughput t = JsonReport.read(old).throughput();
        assertThat(t.analyticsSameIntervalRecordsPerSec()).isNull();
        assertThat(t.analyticsPassThroughRecordsPerSec()).isNull();
        assertThat(t.analyticsFloor()).isEqualTo(t.passThroughRecordsPerSec());
    }
}
