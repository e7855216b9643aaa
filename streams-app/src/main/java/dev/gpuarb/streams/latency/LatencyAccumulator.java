package dev.gpuarb.streams.latency;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.gpuarb.avro.EndpointObservation;
import dev.gpuarb.avro.RequestStatus;

/** Request and error counts of one endpoint in one window, with a quantile sketch of the latencies. */
public record LatencyAccumulator(long requests, long errors, byte[] sketch) {

    public static LatencyAccumulator empty() {
        return new LatencyAccumulator(0, 0, null);
    }

    public LatencyAccumulator add(EndpointObservation o, double relativeAccuracy) {
        DDSketch s = sketch == null ? LatencySketch.create(relativeAccuracy) : LatencySketch.decode(sketch);
        s.accept(o.getLatencyMs());
        long newErrors = errors + (o.getStatus() == RequestStatus.OK ? 0 : 1);
        return new LatencyAccumulator(requests + 1, newErrors, LatencySketch.encode(s));
    }
}
