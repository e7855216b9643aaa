package dev.gpuarb.bench.pipeline;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The floor of an exactly-once Streams application on the benchmark's input: reads the same topics,
 * writes each record once, unchanged (bytes, nothing deserialised), with the routing application's
 * commit interval. The measured applications are compared with it, so the ratio says what their own
 * work costs beyond Kafka Streams' read-transact-write loop. With a hop ({@link #HOP_PARTITIONS}) it is the floor
 * of an application that repartitions each record once, as routing must (offers keyed by offer, routes by product).
 * A child JVM, like the measured ones.
 */
public final class PassThroughChildMain {

    /** Properties of the settings file that are this program's, not Kafka Streams'. */
    static final String INPUTS = "bench.passthrough.inputs";

    static final String OUTPUT = "bench.passthrough.output";

    /**
     * Partitions of one repartition hop between the read and the write (each record crosses it once, as a price
     * crosses routing's on the way to its route); absent or 0 for none.
     */
    static final String HOP_PARTITIONS = "bench.passthrough.hop.partitions";

    private PassThroughChildMain() {}

    /** Arguments as {@link StreamsChildMain}'s: settings, then optionally the warm-up's settings and end marker. */
    public static void main(String[] args) throws Exception {
        StreamsChildMain.haltWhenParentGoes();
        ThreadMetricsSampler.startIfAsked();
        if (args.length == 3) {
            try (KafkaStreams warm = start(StreamsChildMain.load(Path.of(args[1])))) {
                StreamsChildMain.awaitFile(Path.of(args[2]), () -> warm.state() == KafkaStreams.State.ERROR);
            }
        }
        KafkaStreams streams = start(StreamsChildMain.load(Path.of(args[0])));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            streams.close();
                            stopped.countDown();
                        },
                        "pass-through-stop"));
        stopped.await();
    }

    private static KafkaStreams start(Properties props) throws InterruptedException, ExecutionException {
        List<String> inputs = Arrays.asList(((String) props.remove(INPUTS)).split(","));
        String output = (String) props.remove(OUTPUT);
        int hopPartitions = Integer.parseInt((String) props.getOrDefault(HOP_PARTITIONS, "0"));
        props.remove(HOP_PARTITIONS);
        createOutput(props, output);
        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], byte[]> records = builder.stream(inputs, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()));
        if (hopPartitions > 0) {
            records = records.repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray())
                    .withName("hop")
                    .withNumberOfPartitions(hopPartitions));
        }
        records.to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.start();
        return streams;
    }

    /** Kafka Streams does not create the topics it writes to outside its own. */
    private static void createOutput(Properties props, String output) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", props.getProperty("bootstrap.servers")))) {
            admin.createTopics(List.of(new NewTopic(output, 1, (short) 1)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
