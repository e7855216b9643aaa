package dev.gpuarb.streams.latency;

import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.streams.stage.StageContext;
import dev.gpuarb.topics.Topic;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Stage 4: endpoint observations to per-endpoint latency summaries (count, errors, quantiles from a
 * DDSketch) per tumbling window, emitted when the window closes, to latency.summaries; the route
 * engine reads them.
 */
public final class EndpointLatencyStage {

    private EndpointLatencyStage() {}

    public static KStream<String, EndpointLatencySummary> apply(StageContext stage) {
        double accuracy = stage.config().latencySketchAccuracy();
        KStream<String, EndpointLatencySummary> summaries = stage.builder().stream(
                        Topic.ENDPOINT_OBSERVATIONS.topicName(),
                        Consumed.with(stage.key(), stage.serdes().endpointObservation())
                                .withName("endpoint-observations"))
                // A latency that is not a finite, non-negative number says nothing about the endpoint.
                .filter(
                        (k, o) -> o != null && k != null && Double.isFinite(o.getLatencyMs()) && o.getLatencyMs() >= 0,
                        Named.as("usable-observations"))
                .groupByKey(Grouped.with(stage.key(), stage.serdes().endpointObservation()))
                .windowedBy(TimeWindows.ofSizeAndGrace(
                        stage.config().latencyWindow(), stage.config().grace()))
                .aggregate(
                        LatencyAccumulator::empty,
                        (k, o, acc) -> acc.add(o, accuracy),
                        Named.as("latency-aggregate"),
                        Materialized.<String, LatencyAccumulator, WindowStore<Bytes, byte[]>>as("latency-windows")
                                .withKeySerde(stage.key())
                                .withValueSerde(new LatencyAccumulatorSerde()))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName("latency-until-close"))
                .toStream(Named.as("latency-closed"))
                .map(
                        (w, acc) -> KeyValue.pair(
                                w.key(),
                                LatencySummaries.toSummary(
                                        w.key(),
                                        acc,
                                        w.window().start(),
                                        w.window().end(),
                                        accuracy)),
                        Named.as("latency-to-record"));
        summaries.to(
                Topic.LATENCY_SUMMARIES.topicName(),
                Produced.with(stage.key(), stage.serdes().latencySummary()).withName("latency-sink"));
        return summaries;
    }
}
