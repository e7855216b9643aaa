package dev.gpuarb.cli;

import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.cli.kafka.ClusterOptions;
import dev.gpuarb.cli.kafka.CompactedTopicReader;
import dev.gpuarb.cli.kafka.TopicClients;
import dev.gpuarb.cli.live.Lines;
import dev.gpuarb.cli.policy.PolicyParser;
import dev.gpuarb.topics.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gpuarb policy add|list|rm}: route policies on the compacted route.policies topic. */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        description = "Manage route policies (stored as Avro on the compacted topic route.policies).",
        subcommands = {PolicyCommand.Add.class, PolicyCommand.ListPolicies.class, PolicyCommand.Remove.class})
final class PolicyCommand {

    static final int EXIT_INVALID = 2;

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Add or replace a route policy, from a JSON/YAML file (field names as in RoutePolicy.avsc)",
                "or from flags. The Streams application re-evaluates the route at once."
            })
    static final class Add implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster;

        @Option(
                names = {"-f", "--file"},
                description = "Policy file, JSON or YAML ('-' = standard input).")
        String file;

        @Option(names = "--route-id", description = "Route id.")
        String routeId;

        @Option(names = "--kind", description = "GPU_HOURS or TOKENS.")
        String kind;

        @Option(names = "--gpu-model", description = "Canonical GPU model, e.g. H100-80GB.")
        String gpuModel;

        @Option(names = "--min-gpu-memory-gb", description = "Minimum memory per GPU (GiB).")
        Integer minGpuMemoryGb;

        @Option(names = "--model", description = "Token model, e.g. gpt-4o.")
        String model;

        @Option(names = "--max-price", description = "Price ceiling in the route's unit.")
        Double maxPrice;

        @Option(
                names = "--min-reliability",
                paramLabel = "0..1",
                description = "Minimum host reliability (0..1) as marketplaces score it (Vast.ai); offers without a "
                        + "score (clouds, catalogs, token APIs) are then not eligible.")
        Double minReliability;

        @Option(names = "--max-p99-ms", description = "Latency SLA: maximum p99 in ms.")
        Double maxP99;

        @Option(
                names = "--require-measured-latency",
                description = "Hard latency SLA: endpoints without a recent measured p99 are not eligible.")
        Boolean requireMeasuredLatency;

        @Option(names = "--region", split = ",", description = "Allowed regions (comma-separated).")
        List<String> regions;

        @Option(names = "--tag", split = ",", description = "Required compliance tags (comma-separated).")
        List<String> tags;

        @Option(names = "--hysteresis-pct", description = "Switch only when this many percent cheaper.")
        Double hysteresisPct;

        @Option(
                names = "--self-host",
                description =
                        "TOKENS routes: also price the model self-hosted on every live "
                                + "GPU offer that can hold it (a known model; see --self-host-* and the policy file's selfHost for more).")
        Boolean selfHost;

        @Option(
                names = "--self-host-concurrency",
                paramLabel = "N",
                description = "Concurrent sequences per instance the self-hosted price assumes (default 16).")
        Integer selfHostConcurrency;

        @Option(
                names = "--self-host-context",
                paramLabel = "TOKENS",
                description = "Tokens per sequence held in the KV cache (default 4096).")
        Integer selfHostContext;

        @Option(
                names = "--self-host-min-tok-s",
                paramLabel = "TOK/S",
                description = "Minimum output tokens/s each sequence must see on a self-hosted instance.")
        Double selfHostMinTokS;

        @Override
        public Integer call() throws Exception {
            RoutePolicy policy;
            try {
                policy = file != null ? PolicyParser.parse(read(file), Instant.now()) : fromFlags();
            } catch (PolicyParser.PolicyException e) {
                System.err.println("gpuarb policy add: the policy is not valid:");
                e.problems().forEach(p -> System.err.println("  - " + p));
                return EXIT_INVALID;
            }
            try (KafkaProducer<String, RoutePolicy> producer = TopicClients.producer(cluster.clientProperties())) {
                producer.send(new ProducerRecord<>(Topic.ROUTE_POLICIES.topicName(), policy.getRouteId(), policy))
                        .get(30, TimeUnit.SECONDS);
            }
            System.out.println("policy " + policy.getRouteId() + " stored: " + Lines.policy(policy));
            return 0;
        }

        RoutePolicy fromFlags() {
            Map<String, Object> fields = new LinkedHashMap<>();
            put(fields, "routeId", routeId);
            put(fields, "kind", kind);
            put(fields, "gpuModel", gpuModel);
            put(fields, "minGpuMemoryGb", minGpuMemoryGb);
            put(fields, "model", model);
            put(fields, "maxPrice", maxPrice);
            put(fields, "minReliability", minReliability);
            put(fields, "maxP99LatencyMs", maxP99);
            put(fields, "requireMeasuredLatency", requireMeasuredLatency);
            put(fields, "allowedRegions", regions);
            put(fields, "requiredTags", tags);
            put(fields, "hysteresisPct", hysteresisPct);
            Map<String, Object> self = new LinkedHashMap<>();
            put(self, "concurrency", selfHostConcurrency);
            put(self, "contextTokens", selfHostContext);
            put(self, "minOutputTokensPerSecond", selfHostMinTokS);
            if (Boolean.TRUE.equals(selfHost) || !self.isEmpty()) {
                fields.put("selfHost", self);
            }
            return PolicyParser.fromTree(PolicyParser.tree(fields), Instant.now());
        }

        private static void put(Map<String, Object> fields, String name, Object value) {
            if (value != null) {
                fields.put(name, value);
            }
        }

        private static String read(String file) throws IOException {
            return "-".equals(file)
                    ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the current route policies.")
    static final class ListPolicies implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster;

        @Override
        public Integer call() {
            try (KafkaConsumer<String, RoutePolicy> consumer =
                    TopicClients.reader(cluster.clientProperties(), RoutePolicy.class)) {
                Map<String, RoutePolicy> policies =
                        CompactedTopicReader.latest(consumer, Topic.ROUTE_POLICIES.topicName(), Duration.ofSeconds(30));
                if (policies.isEmpty()) {
                    System.out.println("no route policies (add one with: gpuarb policy add --help)");
                }
                policies.values().forEach(p -> System.out.println(Lines.policy(p)));
            }
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a route policy (writes a tombstone).")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster;

        @Parameters(paramLabel = "ROUTE_ID", description = "Route id to remove.")
        String routeId;

        @Override
        public Integer call() throws Exception {
            try (KafkaProducer<String, RoutePolicy> producer = TopicClients.producer(cluster.clientProperties())) {
                producer.send(new ProducerRecord<>(Topic.ROUTE_POLICIES.topicName(), routeId, null))
                        .get(30, TimeUnit.SECONDS);
            }
            System.out.println("policy " + routeId + " removed");
            return 0;
        }
    }
}
