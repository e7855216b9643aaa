package dev.gpuarb.throughput;

import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.GpuSpec;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Measurements that replace the estimate, keyed by model, GPU model and GPU count. Names are compared
 * after resolution (a known model's id, a GPU's canonical name), so {@code openrouter/meta-llama/llama-3.1-8b-instruct}
 * on {@code "NVIDIA H100 80GB HBM3"} finds a measurement entered for {@code llama-3.1-8b-instruct} on
 * {@code H100-80GB}. Immutable; {@link #with} returns a copy.
 */
public final class ThroughputOverrides {

    private static final ThroughputOverrides NONE = new ThroughputOverrides(Map.of());

    private final Map<Key, MeasuredThroughput> byKey;

    private record Key(String model, String gpuModel, int gpus) {}

    private ThroughputOverrides(Map<Key, MeasuredThroughput> byKey) {
        this.byKey = Map.copyOf(byKey);
    }

    public static ThroughputOverrides none() {
        return NONE;
    }

    /** These overrides plus {@code measured}, which replaces an earlier measurement of the same key. */
    public ThroughputOverrides with(MeasuredThroughput measured) {
        Map<Key, MeasuredThroughput> copy = new HashMap<>(byKey);
        copy.put(key(measured.model(), measured.gpuModel(), measured.gpus()), measured);
        return new ThroughputOverrides(copy);
    }

    public Optional<MeasuredThroughput> find(String model, String gpuModel, int gpus) {
        return Optional.ofNullable(byKey.get(key(model, gpuModel, gpus)));
    }

    private static Key key(String model, String gpuModel, int gpus) {
        String modelKey = KnownModels.byName(model)
                .map(KnownModel::id)
                .orElse(model.trim().toLowerCase(Locale.ROOT));
        String gpuKey = GpuModels.resolve(gpuModel)
                .map(GpuSpec::model)
                .orElse(gpuModel.trim().toUpperCase(Locale.ROOT));
        return new Key(modelKey, gpuKey, gpus);
    }
}
