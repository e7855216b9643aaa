package dev.gpuarb.streams;

import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.latency.EndpointLatencyStage;
import dev.gpuarb.streams.margins.MarginStage;
import dev.gpuarb.streams.routing.LatestOffersStage;
import dev.gpuarb.streams.routing.RouteEngineStage;
import dev.gpuarb.streams.routing.RoutedOffer;
import dev.gpuarb.streams.stage.AppSerdes;
import dev.gpuarb.streams.stage.StageContext;
import dev.gpuarb.streams.validate.ValidatedPrices;
import java.time.Clock;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The routing application's topology, stage by stage: validation (the only writer of prices.rejected),
 * the latest price per offer, endpoint latency summaries, the route engine and task margins. Nothing
 * here waits for analytics. Kept apart from {@code main} so tests drive exactly the production topology.
 */
public final class RoutingTopology {

    private RoutingTopology() {}

    public static Topology build(AppConfig config, AppSerdes serdes, Clock clock) {
        StageContext stage = new StageContext(new StreamsBuilder(), config, serdes, clock);
        ValidatedPrices prices = ValidatedPrices.apply(stage, true); // stage 1
        KStream<String, RoutedOffer> offers = LatestOffersStage.apply(stage, prices);
        KStream<String, EndpointLatencySummary> latency = EndpointLatencyStage.apply(stage); // stage 4
        KStream<String, RouteUpdate> routes = RouteEngineStage.apply(stage, offers, latency); // stage 5
        MarginStage.apply(stage, routes); // stage 8
        return stage.builder().build();
    }
}
