package dev.gpuarb.bench.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine-readable result of a run: benchmarks/results/&lt;timestamp&gt;.json. */
public final class JsonReport {

    // Whole numbers of the summary read back as Long, as RunSummary puts them, not Integer.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private JsonReport() {}

    public static void write(BenchmarkReport report, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        MAPPER.writeValue(file.toFile(), report);
    }

    public static BenchmarkReport read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), BenchmarkReport.class);
    }
}
