package dev.gpuarb.streams;

import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.config.StreamsApp;
import dev.gpuarb.streams.stage.AppSerdes;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/** The topology of each of the two applications, and what each reads. */
public final class Topologies {

    private Topologies() {}

    public static Topology of(StreamsApp app, AppConfig config, AppSerdes serdes, Clock clock) {
        return switch (app) {
            case ROUTING -> RoutingTopology.build(config, serdes, clock);
            case ANALYTICS -> AnalyticsTopology.build(config, serdes, clock);
        };
    }

    /** The topics the application reads, its own repartition topics included (for progress and drain checks). */
    public static Set<String> sourceTopics(StreamsApp app, AppConfig config) {
        Set<String> sources = new TreeSet<>();
        of(app, config, AppSerdes.fromConfig(config), Clock.systemUTC())
                .describe()
                .subtopologies()
                .forEach(s -> s.nodes().forEach(n -> {
                    if (n instanceof TopologyDescription.Source source) {
                        sources.addAll(source.topicSet());
                    }
                }));
        return sources;
    }
}
