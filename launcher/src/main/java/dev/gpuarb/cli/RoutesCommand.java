package dev.gpuarb.cli;

import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.cli.common.ExitCodes;
import dev.gpuarb.cli.kafka.ClusterOptions;
import dev.gpuarb.cli.kafka.TopicClients;
import dev.gpuarb.cli.live.Lines;
import dev.gpuarb.cli.live.TerminalText;
import dev.gpuarb.topics.Topic;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gpuarb routes watch}: route updates as gateways see them. */
@Command(
        name = "routes",
        mixinStandardHelpOptions = true,
        description = "Route updates.",
        subcommands = RoutesCommand.Watch.class)
final class RoutesCommand {

    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = "Print route updates as they are committed (Ctrl-C stops).")
    static final class Watch implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster;

        @Option(
                names = "--from-beginning",
                description = "Start with every retained update (the current routes first).")
        boolean fromBeginning;

        @Option(names = "--max", description = "Stop after this many updates (0 = no limit).", defaultValue = "0")
        long max;

        @Option(names = "--timeout-s", description = "Stop after this many seconds (0 = no limit).", defaultValue = "0")
        long timeoutSeconds;

        @Override
        public Integer call() {
            try (KafkaConsumer<String, RouteUpdate> consumer =
                    TopicClients.reader(cluster.clientProperties(), RouteUpdate.class)) {
                String topic = Topic.ROUTE_UPDATES.topicName();
                var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    System.err.println(
                            "gpuarb routes watch: topic " + topic + " does not exist (is the pipeline running?)");
                    return ExitCodes.ENVIRONMENT;
                }
                List<TopicPartition> partitions = infos.stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                consumer.assign(partitions);
                if (fromBeginning) {
                    consumer.seekToBeginning(partitions);
                } else {
                    consumer.seekToEnd(partitions);
                }
                long seen = 0;
                long deadline =
                        timeoutSeconds > 0 ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE;
                while ((max == 0 || seen < max) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, RouteUpdate> r : consumer.poll(Duration.ofMillis(500))) {
                        System.out.println(
                                r.value() == null
                                        ? "route  " + TerminalText.safe(r.key()) + " removed"
                                        : Lines.route(r.value()));
                        seen++;
                    }
                    System.out.flush();
                }
            }
            return 0;
        }
    }
}
