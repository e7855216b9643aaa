package dev.gpuarb.throughput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.testkit.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The measured H200 figures, read in place from the shared data directory (tests skip without it). */
final class H200Measurements {

    static final String DECODE_FILE = "h200-decode-2026-12-04.json";
    static final String PREFILL_FILE = "h200-bandwidth-flops-prefill-2026-12-04.json";
    /** The H200 SXM datasheet's memory bandwidth, the denominator of the measured fractions. */
    static final double H200_DATASHEET_GBPS = 4800;

    record DecodeRow(int batch, double stepMs, double tokensPerSecond, double achievedGBps) {}

    record Decode(String shape, double paramsBillions, int contextTokens, List<DecodeRow> rows) {
        double lowestAchievedBandwidthFraction() {
            return rows.stream()
                    .mapToDouble(r -> r.achievedGBps() / H200_DATASHEET_GBPS)
                    .min()
                    .orElseThrow();
        }
    }

    record Prefill(String shape, int promptTokens, double tokensPerSecond, double matmulTflops) {}

    private H200Measurements() {}

    static Decode decode() throws IOException {
        JsonNode root = read(DECODE_FILE);
        JsonNode model = llama8b(root);
        List<DecodeRow> rows = new ArrayList<>();
        for (JsonNode row : model.get("decode")) {
            rows.add(new DecodeRow(
                    row.get("batch").asInt(),
                    row.get("step_ms").asDouble(),
                    row.get("tok_per_s").asDouble(),
                    row.get("achieved_GBps").asDouble()));
        }
        return new Decode(
                model.get("model").asText(),
                model.get("params_b").asDouble(),
                root.get("context_tokens").asInt(),
                rows);
    }

    static Prefill prefill() throws IOException {
        JsonNode root = read(PREFILL_FILE);
        JsonNode prefill = llama8b(root).get("prefill");
        return new Prefill(
                "llama-3.1-8b",
                prefill.get("tokens").asInt(),
                prefill.get("tok_per_s").asDouble(),
                root.get("bf16_matmul_TFLOPS").asDouble());
    }

    private static JsonNode llama8b(JsonNode root) {
        for (JsonNode model : root.get("models")) {
            if (model.get("model").asText().equals("llama-3.1-8b")) {
                return model;
            }
        }
        throw new IllegalStateException("no llama-3.1-8b rows in the measured data");
    }

    private static JsonNode read(String file) throws IOException {
        Path dir = SharedData.require("gpu-throughput");
        return new ObjectMapper().readTree(dir.resolve(file).toFile());
    }
}
