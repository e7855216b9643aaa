package dev.gpuarb.bench.pipeline;

import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.topics.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads routes.updates with a read_committed consumer on its own thread and reports each committed
 * update with the wall-clock nanos at which it was received: what a gateway would see.
 */
public final class RouteUpdateWatcher implements AutoCloseable {

    private final KafkaConsumer<String, RouteUpdate> consumer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);

    public RouteUpdateWatcher(Clients clients, String groupId, BiConsumer<RouteUpdate, Long> onUpdate) {
        consumer = clients.consumer(
                groupId,
                true,
                Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
        consumer.subscribe(List.of(Topic.ROUTE_UPDATES.topicName()));
        // Join the group before anything is measured, so no update is missed.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.poll(Duration.ofMillis(100)); // resolves the starting positions
        thread = new Thread(
                () -> {
                    while (running.get()) {
                        for (ConsumerRecord<String, RouteUpdate> r : consumer.poll(Duration.ofMillis(50))) {
                            long now = System.nanoTime();
                            if (r.value() != null) {
                                onUpdate.accept(r.value(), now);
                            }
                        }
                    }
                    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                },
                "route-update-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
