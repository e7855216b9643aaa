package dev.gpuarb.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine-readable result of a run: benchmarks/results/&lt;timestamp&gt;.json. */
public final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static void write(BenchmarkReport report, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        MAPPER.writeValue(file.toFile(), report);
    }

    public static BenchmarkReport read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), BenchmarkReport.class);
    }
}
