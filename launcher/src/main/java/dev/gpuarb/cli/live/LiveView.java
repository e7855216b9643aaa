package dev.gpuarb.cli.live;

import dev.gpuarb.avro.BidAction;
import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.serde.AvroDeserializer;
import dev.gpuarb.topics.Topic;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints committed route updates, spreads and spot bids to the terminal as they arrive. Every route
 * update and spread is shown; bids arrive with every spot tick, so a bid is shown only when its
 * action changes (a first BID, the normal case, is not shown).
 */
public final class LiveView implements AutoCloseable {

    private final KafkaConsumer<String, Object> consumer;
    private final PrintStream out;
    private final Map<String, BidAction> lastAction = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    public LiveView(Map<String, Object> clientProps, PrintStream out) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(
                ConsumerConfig.GROUP_ID_CONFIG,
                "gpuarb-live-view-" + ProcessHandle.current().pid());
        AvroDeserializer<Object> values = new AvroDeserializer<>();
        values.configure(props, false);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        this.out = out;
        this.thread = new Thread(this::run, "gpuarb-live-view");
        this.thread.setDaemon(true);
    }

    public void start() {
        consumer.subscribe(List.of(
                Topic.ROUTE_UPDATES.topicName(), Topic.REGIONAL_SPREADS.topicName(), Topic.SPOT_BIDS.topicName()));
        thread.start();
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(500))) {
                    String line = render(r);
                    if (line != null) {
                        out.println(line);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            out.println("  (live view stopped: " + e.getMessage() + ")");
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private String render(ConsumerRecord<String, Object> r) {
        Object v = r.value();
        if (v instanceof RouteUpdate u) {
            return Lines.route(u);
        }
        if (v instanceof RegionalSpread s) {
            return Lines.spread(s);
        }
        if (v instanceof SpotBid b) {
            BidAction previous = lastAction.put(b.getOfferId(), b.getAction());
            boolean changed = previous == null ? b.getAction() != BidAction.BID : previous != b.getAction();
            return changed ? Lines.bid(b) : null;
        }
        return null;
    }

    @Override
    public void close() {
        running.set(false);
        if (!thread.isAlive()) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
