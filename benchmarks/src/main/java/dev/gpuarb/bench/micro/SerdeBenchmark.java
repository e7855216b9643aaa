package dev.gpuarb.bench.micro;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.serde.AvroDeserializer;
import dev.gpuarb.serde.AvroSerializer;
import dev.gpuarb.topics.Topic;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The Confluent-wire Avro serde on one realistic GPU price record (AWS spot, zonal, with tags and
 * attributes), against the in-process mock:// registry so only the serde's own work is timed: the
 * schema id is cached after the first call, as in a running client.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerdeBenchmark {

    private AvroSerializer<GpuPriceObservation> serializer;
    private AvroDeserializer<GpuPriceObservation> deserializer;
    private GpuPriceObservation record;
    private byte[] bytes;
    private final String topic = Topic.GPU_PRICES.topicName();

    @Setup
    public void setUp() {
        Map<String, Object> props =
                Map.of("schema.registry.url", "mock://serde-benchmark", "specific.avro.reader", true);
        serializer = new AvroSerializer<>();
        serializer.configure(props, false);
        deserializer = new AvroDeserializer<>();
        deserializer.configure(props, false);
        record = sample();
        bytes = serializer.serialize(topic, record);
    }

    static GpuPriceObservation sample() {
        return GpuPriceObservation.newBuilder()
                .setOfferId("aws|us-east-1|use1-az4|p5.48xlarge|SPOT")
                .setProvider("aws")
                .setRegion("us-east-1")
                .setZone("use1-az4")
                .setInstanceType("p5.48xlarge")
                .setGpuModel("H100-80GB")
                .setGpuCount(8)
                .setGpuMemoryGb(80)
                .setPricingModel(PricingModel.SPOT)
                .setUsdPerHour(31.4648)
                .setUsdPerGpuHour(3.9331)
                .setCurrency("USD")
                .setOriginalAmount(31.4648)
                .setObservedAt(Instant.parse("2026-11-23T12:00:00Z"))
                .setSource("aws-spot-api")
                .setComplianceTags(List.of("soc2", "hipaa"))
                .setAttributes(Map.of("os", "Linux/UNIX", "vcpus", "192", "memoryGiB", "2048"))
                .build();
    }

    @Benchmark
    public byte[] serialize() {
        return serializer.serialize(topic, record);
    }

    @Benchmark
    public GpuPriceObservation deserialize() {
        return deserializer.deserialize(topic, bytes);
    }
}
