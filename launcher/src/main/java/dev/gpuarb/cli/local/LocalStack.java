package dev.gpuarb.cli.local;

import dev.gpuarb.clickhouse.embedded.EmbeddedClickHouse;
import dev.gpuarb.engines.connect.EmbeddedConnectWorker;
import dev.gpuarb.engines.kafka.EmbeddedKafkaBroker;
import dev.gpuarb.engines.registry.EmbeddedSchemaRegistry;
import dev.gpuarb.topics.Topic;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The pipeline's engines on one machine, started in dependency order with progress on the
 * terminal and stopped in reverse order. All state lives under one directory, so the next run
 * resumes where this one stopped.
 */
public final class LocalStack implements AutoCloseable {

    private final Path stateDir;
    private final Ports ports;
    private final PrintStream out;
    private final Deque<Stoppable> started = new ArrayDeque<>();
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    private EmbeddedKafkaBroker kafka;
    private EmbeddedSchemaRegistry registry;
    private EmbeddedClickHouse clickhouse;
    private EmbeddedConnectWorker connect;

    public LocalStack(Path stateDir, Ports ports, PrintStream out) {
        this.stateDir = stateDir;
        this.ports = ports;
        this.out = out;
    }

    /** Starts every engine; on failure stops what was started and rethrows. */
    public void start() {
        PortCheck.requireFree(ports.kafka(), "Kafka", "--kafka-port");
        PortCheck.requireFree(ports.registry(), "schema registry", "--registry-port");
        PortCheck.requireFree(ports.clickhouse(), "ClickHouse", "--clickhouse-port");
        PortCheck.requireFree(ports.connect(), "Kafka Connect", "--connect-port");
        try {
            kafka = step("Kafka broker (KRaft)", () -> EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Config.defaults()
                    .withDataDir(stateDir.resolve("kafka")).withPort(ports.kafka())));
            started.push(kafka::close);
            endpoints.put("kafka", kafka.bootstrapServers());

            step("topics from the catalog", () -> {
                kafka.createTopics(Arrays.stream(Topic.values()).map(t -> t.newTopic((short) 1)).toList());
                return Topic.values().length + " topics";
            });

            registry = step("schema registry", () -> EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Config.defaults()
                    .withDataDir(stateDir.resolve("registry")).withPort(ports.registry())));
            started.push(registry::close);
            endpoints.put("schema registry", registry.url());

            clickhouse = step("ClickHouse", () -> {
                try {
                    return EmbeddedClickHouse.start(EmbeddedClickHouse.Config.of(stateDir.resolve("clickhouse"))
                            .withPort(ports.clickhouse()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            started.push(clickhouse::close);
            endpoints.put("clickhouse", clickhouse.httpUrl());

            connect = step("Kafka Connect worker", () -> EmbeddedConnectWorker.start(new EmbeddedConnectWorker.Config(
                    EmbeddedConnectWorker.Mode.DISTRIBUTED, kafka.bootstrapServers(), "gpuarb-connect", null,
                    ports.connect(), Map.of(
                            "value.converter", "dev.gpuarb.connect.AvroConverter",
                            "value.converter.schema.registry.url", registry.url()))));
            started.push(connect::close);
            endpoints.put("kafka connect", connect.restUrl());
            writeEndpoints();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private <T> T step(String what, Supplier<T> action) {
        out.printf("  %-28s ... ", what);
        out.flush();
        long t0 = System.nanoTime();
        try {
            T result = action.get();
            out.printf("ok (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
            return result;
        } catch (RuntimeException e) {
            out.println("FAILED");
            throw e;
        }
    }

    /** What listens where, in start order. */
    public Map<String, String> endpoints() {
        return Map.copyOf(endpoints);
    }

    public void printEndpoints() {
        out.println();
        endpoints.forEach((name, url) -> out.printf("  %-16s %s%n", name, url));
        out.printf("  %-16s %s%n", "state", stateDir);
    }

    /** Written for {@code gpuarb status} and other tools. */
    private void writeEndpoints() {
        StringBuilder sb = new StringBuilder();
        endpoints.forEach((name, url) -> sb.append(name.replace(' ', '_')).append('=').append(url).append('\n'));
        try {
            Files.writeString(stateDir.resolve("endpoints.properties"), sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateDir.resolve("endpoints.properties"), e);
        }
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().stop();
            } catch (RuntimeException e) {
                out.println("  (while stopping: " + e.getMessage() + ")");
            }
        }
        try {
            Files.deleteIfExists(stateDir.resolve("endpoints.properties"));
        } catch (IOException ignored) {
            // a stale endpoints file only makes `status` report engines as down
        }
    }

    @FunctionalInterface
    private interface Stoppable {
        void stop();
    }
}
