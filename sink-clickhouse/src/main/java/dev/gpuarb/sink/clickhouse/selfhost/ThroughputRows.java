package dev.gpuarb.sink.clickhouse.selfhost;

import dev.gpuarb.throughput.Deployment;
import dev.gpuarb.throughput.InstanceThroughput;
import dev.gpuarb.throughput.KnownModel;
import dev.gpuarb.throughput.KnownModels;
import dev.gpuarb.throughput.ThroughputModel;
import dev.gpuarb.vocab.GpuDatasheets;
import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.GpuSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The contents of {@code gpu_throughput} and {@code known_model_names}, from the throughput model:
 * every known model in its published weight format, on every GPU model with datasheet figures, at every
 * point of {@link ThroughputGrid}. Points where the model does not fit are left out, so a missing row
 * means "cannot serve". The board is not known from a listing's canonical GPU model, so the slower
 * board's figures apply (as {@link GpuDatasheets#of(String)} does).
 */
public final class ThroughputRows {

    private final ThroughputModel model;

    public ThroughputRows(ThroughputModel model) {
        this.model = model;
    }

    public List<ThroughputRow> throughput() {
        List<ThroughputRow> rows = new ArrayList<>();
        List<GpuSpec> gpus = GpuModels.all().stream()
                .filter(g -> GpuDatasheets.of(g.model()).isPresent())
                .toList();
        for (KnownModel known : KnownModels.all()) {
            for (GpuSpec gpu : gpus) {
                for (int count : ThroughputGrid.INSTANCE_GPUS) {
                    Deployment instance = Deployment.of(known.shape(), known.publishedWeights(), gpu, count);
                    addFitting(rows, known, gpu, instance);
                }
            }
        }
        return rows;
    }

    /**
     * The grid points where the model fits, in ascending context and concurrency: a point that does not
     * fit needs less memory than every larger one, so the larger ones are not tried.
     */
    private void addFitting(List<ThroughputRow> rows, KnownModel known, GpuSpec gpu, Deployment instance) {
        for (int context : ThroughputGrid.CONTEXT_TOKENS) {
            for (int concurrency : ThroughputGrid.CONCURRENCY) {
                Optional<InstanceThroughput> served = InstanceThroughput.best(model, instance, concurrency, context);
                if (served.isEmpty()) {
                    if (concurrency == ThroughputGrid.CONCURRENCY.get(0)) {
                        return;
                    }
                    break;
                }
                rows.add(new ThroughputRow(
                        known.id(),
                        known.publishedWeights(),
                        gpu.model(),
                        instance.gpus(),
                        concurrency,
                        context,
                        served.get()));
            }
        }
    }

    /** Every name a known model goes by (its id among them), to its id, ordered by name. */
    public static Map<String, String> modelNames() {
        Map<String, String> names = new TreeMap<>();
        for (KnownModel known : KnownModels.all()) {
            names.put(known.id(), known.id());
            known.names().forEach(name -> names.put(name, known.id()));
        }
        return names;
    }
}
