package dev.gpuarb.throughput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measured throughput from a user's own serving engine, as a CSV file: one row per measured batch,
 * {@value #HEADER} (the header line is optional; blank lines and lines starting with {@code #} are
 * skipped). Rows of the same model, GPU model and GPU count make one {@link MeasuredThroughput}.
 *
 * <pre>
 * model,gpu_model,gpus,batch,output_tokens_per_second
 * llama-3.1-8b-instruct,H100-80GB,1,1,180
 * llama-3.1-8b-instruct,H100-80GB,1,64,5200
 * </pre>
 *
 * Written by hand rather than with a CSV library: five plain columns, no quoting, and every problem
 * must name its line, which is easiest with the lines in hand.
 */
public final class MeasuredThroughputCsv {

    public static final String HEADER = "model,gpu_model,gpus,batch,output_tokens_per_second";

    private MeasuredThroughputCsv() {}

    /** The file's measurements; throws naming every bad line. */
    public static ThroughputOverrides read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read measured throughput file " + file + ": " + e.getMessage(), e);
        }
        return parse(lines, file.toString());
    }

    static ThroughputOverrides parse(List<String> lines, String source) {
        record Key(String model, String gpuModel, int gpus) {}
        Map<Key, TreeMap<Integer, Double>> byKey = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.equalsIgnoreCase(HEADER))) {
                continue;
            }
            String[] cells = line.split(",", -1);
            String where = source + ", line " + (i + 1) + ": ";
            if (cells.length != 5) {
                problems.add(where + "expected 5 columns (" + HEADER + "), got " + cells.length);
                continue;
            }
            String model = cells[0].strip();
            String gpu = cells[1].strip();
            Integer gpus = whole(cells[2], "gpus", where, problems);
            Integer batch = whole(cells[3], "batch", where, problems);
            Double tokensPerSecond = positive(cells[4], where, problems);
            if (model.isEmpty() || gpu.isEmpty()) {
                problems.add(where + "model and gpu_model must not be empty");
            } else if (gpus != null && batch != null && tokensPerSecond != null) {
                Double before = byKey.computeIfAbsent(new Key(model, gpu, gpus), k -> new TreeMap<>())
                        .put(batch, tokensPerSecond);
                if (before != null) {
                    problems.add(where + "batch " + batch + " of " + model + " on " + gpus + " x " + gpu
                            + " is measured twice");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        ThroughputOverrides overrides = ThroughputOverrides.none();
        for (Map.Entry<Key, TreeMap<Integer, Double>> e : byKey.entrySet()) {
            overrides = overrides.with(new MeasuredThroughput(
                    e.getKey().model(), e.getKey().gpuModel(), e.getKey().gpus(), e.getValue()));
        }
        return overrides;
    }

    private static Integer whole(String cell, String column, String where, List<String> problems) {
        try {
            int v = Integer.parseInt(cell.strip());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below, with the cell
        }
        problems.add(where + column + " must be a whole number >= 1, got '" + cell.strip() + "'");
        return null;
    }

    private static Double positive(String cell, String where, List<String> problems) {
        try {
            double v = Double.parseDouble(cell.strip());
            if (v > 0 && !Double.isInfinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below, with the cell
        }
        problems.add(where + "output_tokens_per_second must be a finite number > 0, got '" + cell.strip() + "'");
        return null;
    }
}
