package dev.gpuarb.sink.clickhouse;

import dev.gpuarb.serde.AvroSerializer;
import dev.gpuarb.testkit.Engines;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the sink's Connect-level tests share: a producer of Avro records and a bounded wait for a count. */
final class ConnectTestClients {

    private ConnectTestClients() {}

    /** An idempotent producer (acks=all) of Avro values through the test registry. */
    static KafkaProducer<String, SpecificRecord> producer(Engines engines) {
        Map<String, Object> props = new HashMap<>(engines.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
        values.configure(props, false);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    /** Polls until the value reaches {@code target} or the time is up; returns the last value seen. */
    static long awaitAtLeast(LongSupplier value, long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = value.getAsLong();
        while (last < target && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = value.getAsLong();
        }
        return last;
    }
}
