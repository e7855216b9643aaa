package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.TaskQuote;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * How each route engine input reaches the partitions that need it (see {@link RouteHomes}): offers
 * their home's partition (and the any-GPU one, and the old home when the product changed); policy
 * commands their home's; latency summaries and task quotes every partition, because any route of any
 * product may use an endpoint's latency, and a quote is priced where its route lives. Both are few
 * next to prices (a summary per endpoint per latency window; a quote per task type).
 */
public final class RoutePartitioners {

    private RoutePartitioners() {}

    public static StreamPartitioner<String, RoutedOffer> offers() {
        return (topic, key, offer, partitions) -> Optional.of(
                RouteHomes.partitionsOfOffer(RouteHomes.of(offer.offer()), offer.previousHome(), partitions));
    }

    public static StreamPartitioner<String, RouteCommand> commands() {
        return (topic, key, command, partitions) ->
                Optional.of(Set.of(RouteHomes.partition(command.home(), partitions)));
    }

    public static StreamPartitioner<String, EndpointLatencySummary> latency() {
        return (topic, key, summary, partitions) -> Optional.of(all(partitions));
    }

    public static StreamPartitioner<String, TaskQuote> quotes() {
        return (topic, key, quote, partitions) -> Optional.of(all(partitions));
    }

    static Set<Integer> all(int partitions) {
        return IntStream.range(0, partitions).boxed().collect(Collectors.toUnmodifiableSet());
    }
}
