package dev.gpuarb.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.schemas.SampleRecords;
import dev.gpuarb.serde.AvroDeserializer;
import dev.gpuarb.serde.AvroSerializer;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Connect converter writes the very bytes the Kafka serde writes, with the real registry. */
@ExtendWith(RealEngines.class)
class AvroConverterIT {

    @Test
    void converterAndSerializerAgreeByteForByte(Engines engines) {
        String topic = "converter-prices";
        Map<String, Object> props = Map.of("schema.registry.url", engines.registryUrl());
        GpuPriceObservation price = SampleRecords.specific(GpuPriceObservation.class, 11);

        AvroConverter converter = new AvroConverter();
        converter.configure(props, false);
        SchemaAndValue connect = new AvroConnectData().toConnectData(price.getSchema(), price);
        byte[] fromConverter = converter.fromConnectData(topic, connect.schema(), connect.value());

        AvroSerializer<GpuPriceObservation> serializer = new AvroSerializer<>();
        serializer.configure(props, false);
        byte[] fromSerializer = serializer.serialize(topic, price);
        assertThat(fromConverter).isEqualTo(fromSerializer);

        AvroDeserializer<GpuPriceObservation> deserializer = new AvroDeserializer<>(GpuPriceObservation.class);
        deserializer.configure(props, false);
        assertThat(deserializer.deserialize(topic, fromConverter)).isEqualTo(price);

        SchemaAndValue back = converter.toConnectData(topic, fromSerializer);
        assertThat(back.schema()).isEqualTo(connect.schema());
        assertThat(back.value()).isEqualTo(connect.value());
    }

    @Test
    void garbageIsADataExceptionAndAnOutageIsRetriable(Engines engines) {
        AvroConverter converter = new AvroConverter();
        converter.configure(Map.of("schema.registry.url", engines.registryUrl()), false);
        assertThatThrownBy(() -> converter.toConnectData("t", new byte[] {9, 9, 9, 9, 9, 9}))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("magic byte");

        AvroConverter offline = new AvroConverter();
        offline.configure(
                Map.of(
                        "schema.registry.url",
                        "http://127.0.0.1:" + dev.gpuarb.engines.net.FreePorts.pick(),
                        "schema.registry.retries",
                        "0"),
                false);
        GpuPriceObservation price = SampleRecords.specific(GpuPriceObservation.class, 1);
        SchemaAndValue connect = new AvroConnectData().toConnectData(price.getSchema(), price);
        assertThatThrownBy(() -> offline.fromConnectData("t", connect.schema(), connect.value()))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("topic=t");
    }
}
