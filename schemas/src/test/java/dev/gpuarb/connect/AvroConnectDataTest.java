package dev.gpuarb.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.schemas.SampleRecords;
import dev.gpuarb.topics.Topic;
import java.util.Date;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AvroConnectDataTest {

    private final AvroConnectData data = new AvroConnectData();

    @ParameterizedTest
    @EnumSource(Topic.class)
    void schemaSurvivesAvroToConnectToAvroVerbatim(Topic topic) {
        Schema avro = SpecificData.get().getSchema(topic.valueClass());
        Schema back = data.toAvroSchema(data.toConnectSchema(avro));
        // Text equality: names, docs, field docs, defaults, enum symbols and properties all kept.
        assertThat(back.toString()).isEqualTo(avro.toString());
        assertThat(back).isEqualTo(avro);
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void valuesSurviveTheRoundTrip(Topic topic) {
        SpecificRecord record = SampleRecords.specific(topic.valueClass(), 42);
        SchemaAndValue connect = data.toConnectData(record.getSchema(), record);
        assertThat(connect.value()).isInstanceOf(Struct.class);
        ((Struct) connect.value()).validate();
        Object avro = data.fromConnectData(connect.schema(), connect.value());
        GenericData.Record expected = SampleRecords.generic(record.getSchema(), 42);
        assertThat(avro).isEqualTo(expected);
    }

    @Test
    void timestampsBecomeConnectTimestamps() {
        var schema = data.toConnectSchema(dev.gpuarb.avro.EndpointObservation.getClassSchema());
        assertThat(schema.field("at").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        var obs = SampleRecords.specific(dev.gpuarb.avro.EndpointObservation.class, 1);
        Struct struct = (Struct) data.toConnectData(obs.getSchema(), obs).value();
        assertThat(struct.get("at")).isEqualTo(Date.from(obs.getAt()));
    }

    @Test
    void anUnknownEnumSymbolIsADataError() {
        var schema = data.toConnectSchema(dev.gpuarb.avro.EndpointObservation.getClassSchema());
        var obs = SampleRecords.specific(dev.gpuarb.avro.EndpointObservation.class, 1);
        Struct struct = (Struct) data.toConnectData(obs.getSchema(), obs).value();
        struct.put("status", "EXPLODED");
        assertThatThrownBy(() -> data.fromConnectData(schema, struct))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("EXPLODED");
    }

    @Test
    void plainConnectSchemasConvertToo() {
        var schema = SchemaBuilder.struct()
                .name("test.Plain")
                .field("n", SchemaBuilder.int64().build())
                .field("label", SchemaBuilder.string().optional().build())
                .build();
        Schema avro = data.toAvroSchema(schema);
        assertThat(avro.getField("label").schema().isNullable()).isTrue();
        Struct struct = new Struct(schema).put("n", 5L).put("label", null);
        GenericData.Record rec = (GenericData.Record) data.fromConnectData(schema, struct);
        assertThat(rec.get("n")).isEqualTo(5L);
        assertThat(rec.get("label")).isNull();
    }
}
