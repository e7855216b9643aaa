package dev.gpuarb.streams.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.registry.InMemorySchemaRegistry;
import dev.gpuarb.serde.AvroSerde;
import dev.gpuarb.streams.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A price stored unchanged is written as the bytes it arrived as, even when a producer wrote it with an
 * older version of the schema, and reads back as the same value.
 */
class PriceSerdesTest {

    private static final String SCOPE = "price-serdes-test";
    private static final Map<String, String> PROPS = Map.of("schema.registry.url", "mock://" + SCOPE);
    private static final String INPUT = "prices.gpu";
    private static final String STORE = "routing-offers-gpu-latest-changelog";

    private final Serde<GpuPriceObservation> prices =
            AppSerdes.fromConfig(PROPS).gpuPrice();

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void aPriceWrittenWithAnOlderSchemaIsStoredAsItArrivedAndReadsBackTheSame() throws IOException {
        GpuPriceObservation sent = Fixtures.gpu("aws", "us-east-1", PricingModel.SPOT, 2.5, Fixtures.minutes(0))
                .setComplianceTags(List.of("soc2"))
                .build();
        byte[] arrived = withOlderSchema(sent);

        GpuPriceObservation read = prices.deserializer().deserialize(INPUT, arrived);
        byte[] stored = prices.serializer().serialize(STORE, read);

        assertThat(read).isEqualTo(sent);
        assertThat(stored).isEqualTo(arrived);
        assertThat(prices.deserializer().deserialize(STORE, stored)).isEqualTo(sent);
    }

    @Test
    void anEqualCopyIsEncodedWithTheCurrentSchema() throws IOException {
        GpuPriceObservation sent = Fixtures.gpu("aws", "us-east-1", PricingModel.SPOT, 2.5, Fixtures.minutes(0))
                .build();
        byte[] arrived = withOlderSchema(sent);
        GpuPriceObservation read = prices.deserializer().deserialize(INPUT, arrived);

        byte[] stored = prices.serializer()
                .serialize(STORE, GpuPriceObservation.newBuilder(read).build());

        assertThat(schemaId(stored)).isNotEqualTo(schemaId(arrived));
        assertThat(prices.deserializer().deserialize(STORE, stored)).isEqualTo(sent);
    }

    /** The price as a producer with the schema before its last field (dlperf, optional) wrote it. */
    private static byte[] withOlderSchema(GpuPriceObservation price) throws IOException {
        Schema current = GpuPriceObservation.getClassSchema();
        List<Schema.Field> fields = current.getFields().stream()
                .filter(f -> !f.name().equals("dlperf"))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        Schema older = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        ByteArrayOutputStream avro = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(avro, null);
        new SpecificDatumWriter<GpuPriceObservation>(current).write(price, encoder);
        encoder.flush();
        GenericRecord asOlder = new GenericDatumReader<GenericRecord>(current, older)
                .read(null, DecoderFactory.get().binaryDecoder(avro.toByteArray(), null));
        try (AvroSerde<GenericRecord> producer = AvroSerde.generic()) {
            producer.configure(PROPS, false);
            return producer.serializer().serialize(INPUT, asOlder);
        }
    }

    private static int schemaId(byte[] wire) {
        return ByteBuffer.wrap(wire, 1, 4).getInt();
    }
}
