package dev.gpuarb.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.avro.EndpointObservation;
import dev.gpuarb.avro.RequestStatus;
import dev.gpuarb.registry.IncompatibleSchemaException;
import dev.gpuarb.registry.RegistryUnavailableException;
import dev.gpuarb.registry.SchemaNotFoundException;
import dev.gpuarb.registry.SchemaRegistryClient;
import dev.gpuarb.registry.SchemaRegistryClients;
import dev.gpuarb.schemas.SampleRecords;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import dev.gpuarb.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The serde against a real Kafka broker and a real Confluent-API schema registry. */
@ExtendWith(RealEngines.class)
class AvroSerdeIT {

    @Test
    void everyTopicSchemaRoundTripsThroughTheBrokerAndRegistry(Engines engines) {
        List<Topic> topics = List.of(Topic.values());
        engines.kafka()
                .createTopics(topics.stream().map(t -> t.newTopic((short) 1)).toList());
        Map<Topic, SpecificRecord> sent = new HashMap<>();
        Map<String, Object> props = producerProps(engines);
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(props)) {
            for (Topic topic : topics) {
                SpecificRecord record = SampleRecords.specific(topic.valueClass(), topic.ordinal());
                sent.put(topic, record);
                producer.send(new ProducerRecord<>(topic.topicName(), "key-" + topic.ordinal(), record));
            }
            producer.flush();
        }
        Map<String, Object> cprops = consumerProps(engines, "roundtrip");
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(cprops)) {
            consumer.subscribe(topics.stream().map(Topic::topicName).toList());
            Map<String, Object> received = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.size() < topics.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(500))) {
                    received.put(r.topic(), r.value());
                }
            }
            for (Topic topic : topics) {
                assertThat(received.get(topic.topicName()))
                        .as("record read back from %s", topic.topicName())
                        .isInstanceOf(topic.valueClass())
                        .isEqualTo(sent.get(topic));
            }
        }
        // Each value subject got exactly the schema of the .avsc file.
        SchemaRegistryClient registry =
                SchemaRegistryClients.create(Map.of("schema.registry.url", engines.registryUrl()));
        for (Topic topic : topics) {
            Schema registered = registry.latest(topic.topicName() + "-value").schema();
            assertThat(registered)
                    .isEqualTo(org.apache.avro.specific.SpecificData.get().getSchema(topic.valueClass()));
        }
    }

    @Test
    void specificAndGenericReadersSeeTheSameData(Engines engines) {
        String topic = "serde-generic";
        Map<String, Object> props = Map.of("schema.registry.url", engines.registryUrl());
        EndpointObservation obs = SampleRecords.specific(EndpointObservation.class, 7);
        byte[] bytes = new AvroSerializer<EndpointObservation>(SchemaRegistryClients.create(props), props, false)
                .serialize(topic, obs);

        Map<String, Object> genericProps = new HashMap<>(props);
        genericProps.put(AvroSerdeConfig.SPECIFIC_READER, false);
        AvroDeserializer<GenericRecord> generic = new AvroDeserializer<>();
        generic.configure(genericProps, false);
        GenericRecord g = generic.deserialize(topic, bytes);
        assertThat(g).isNotInstanceOf(EndpointObservation.class);
        assertThat(g.get("endpointId").toString()).isEqualTo(obs.getEndpointId());
        assertThat(g.get("at")).isEqualTo(obs.getAt().toEpochMilli());

        AvroDeserializer<EndpointObservation> specific = new AvroDeserializer<>(EndpointObservation.class);
        specific.configure(props, false);
        assertThat(specific.deserialize(topic, bytes)).isEqualTo(obs);

        // A generic record written by a generic producer is read into the generated class.
        AvroSerializer<GenericRecord> genericWriter = new AvroSerializer<>();
        genericWriter.configure(props, false);
        GenericData.Record asGeneric = SampleRecords.generic(EndpointObservation.getClassSchema(), 7);
        assertThat(specific.deserialize(topic, genericWriter.serialize(topic, asGeneric)))
                .isEqualTo(obs);
    }

    @Test
    void recordWrittenWithV1IsReadWithV2(Engines engines) {
        String topic = "evolution-ok";
        Schema v1 = parse("""
                {"type":"record","name":"Tick","namespace":"test.evolution","fields":[
                  {"name":"offer","type":"string"},
                  {"name":"usd","type":"double"},
                  {"name":"legacy","type":"string"}]}""");
        Schema v2 = parse("""
                {"type":"record","name":"Tick","namespace":"test.evolution","fields":[
                  {"name":"offer","type":"string"},
                  {"name":"usd","type":"double"},
                  {"name":"currency","type":"string","default":"USD"},
                  {"name":"zone","type":["null","string"],"default":null}]}""");
        Map<String, Object> props = Map.of("schema.registry.url", engines.registryUrl());
        AvroSerializer<GenericRecord> writer = new AvroSerializer<>();
        writer.configure(props, false);
        GenericData.Record old = new GenericData.Record(v1);
        old.put("offer", "aws|us-east-1||p5.48xlarge|SPOT");
        old.put("usd", 31.5);
        old.put("legacy", "dropped in v2");
        byte[] bytes = writer.serialize(topic, old);

        // v2 is BACKWARD compatible: the registry accepts it as the next version.
        GenericData.Record fresh = new GenericData.Record(v2);
        fresh.put("offer", "gcp|us-central1||a3-highgpu-8g|ON_DEMAND");
        fresh.put("usd", 88.0);
        fresh.put("currency", "USD");
        writer.serialize(topic, fresh);

        Map<String, Object> readerProps = new HashMap<>(props);
        readerProps.put(AvroSerdeConfig.READER_SCHEMA, v2.toString());
        AvroDeserializer<GenericRecord> reader = new AvroDeserializer<>();
        reader.configure(readerProps, false);
        GenericRecord read = reader.deserialize(topic, bytes);
        assertThat(read.getSchema()).isEqualTo(v2);
        assertThat(read.get("offer").toString()).isEqualTo("aws|us-east-1||p5.48xlarge|SPOT");
        assertThat(read.get("usd")).isEqualTo(31.5);
        assertThat(read.get("currency").toString()).isEqualTo("USD");
        assertThat(read.get("zone")).isNull();
        assertThat(read.hasField("legacy")).isFalse();
    }

    @Test
    void incompatibleV2IsRejectedByTheRegistryWithAClearError(Engines engines) {
        String topic = "evolution-broken";
        Schema v1 = parse("""
                {"type":"record","name":"Quote","namespace":"test.evolution","fields":[
                  {"name":"usd","type":"double"}]}""");
        // A new field without a default cannot be filled in when reading v1 data: not BACKWARD compatible.
        Schema v2 = parse("""
                {"type":"record","name":"Quote","namespace":"test.evolution","fields":[
                  {"name":"usd","type":"double"},
                  {"name":"region","type":"string"}]}""");
        Map<String, Object> props = Map.of("schema.registry.url", engines.registryUrl());
        AvroSerializer<GenericRecord> writer = new AvroSerializer<>();
        writer.configure(props, false);
        GenericData.Record r1 = new GenericData.Record(v1);
        r1.put("usd", 1.0);
        writer.serialize(topic, r1);

        GenericData.Record r2 = new GenericData.Record(v2);
        r2.put("usd", 2.0);
        r2.put("region", "eu-west-3");
        assertThatThrownBy(() -> writer.serialize(topic, r2))
                .isInstanceOf(AvroSerdeException.class)
                .hasCauseInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("topic=" + topic)
                .hasMessageContaining("subject=" + topic + "-value")
                .hasMessageContaining("incompatible")
                .satisfies(e -> assertThat(((AvroSerdeException) e).subject()).isEqualTo(topic + "-value"));

        SchemaRegistryClient registry = SchemaRegistryClients.create(props);
        assertThat(registry.testCompatibility(topic + "-value", v2).compatible())
                .isFalse();
        assertThat(registry.latest(topic + "-value").schema()).isEqualTo(v1);
    }

    @Test
    void unknownSchemaIdNamesTopicAndId(Engines engines) {
        AvroDeserializer<Object> reader = new AvroDeserializer<>();
        reader.configure(Map.of("schema.registry.url", engines.registryUrl()), false);
        byte[] bytes = {0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xfe, 2, 'x'};
        assertThatThrownBy(() -> reader.deserialize("orphans", bytes))
                .isInstanceOf(AvroSerdeException.class)
                .hasCauseInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("topic=orphans")
                .hasMessageContaining("schema id=2147483646");
    }

    @Test
    void unknownMagicByteIsRefused(Engines engines) {
        AvroDeserializer<Object> reader = new AvroDeserializer<>();
        reader.configure(Map.of("schema.registry.url", engines.registryUrl()), false);
        assertThatThrownBy(() -> reader.deserialize("plain-json", "{\"usd\":1}".getBytes()))
                .isInstanceOf(AvroSerdeException.class)
                .hasMessageContaining("unknown magic byte 0x7b")
                .hasMessageContaining("plain-json");
        assertThatThrownBy(() -> reader.deserialize("short", new byte[] {0, 1}))
                .isInstanceOf(AvroSerdeException.class)
                .hasMessageContaining("shorter than the 5-byte");
    }

    @Test
    void unreachableRegistryFailsWithTopicAndSubject() {
        int closedPort = dev.gpuarb.engines.net.FreePorts.pick();
        Map<String, Object> props = Map.of(
                "schema.registry.url", "http://127.0.0.1:" + closedPort + "/apis/ccompat/v7",
                "schema.registry.retries", "1",
                "schema.registry.retry.backoff.ms", "10");
        AvroSerializer<EndpointObservation> writer = new AvroSerializer<>();
        writer.configure(props, false);
        EndpointObservation obs = EndpointObservation.newBuilder()
                .setEndpointId("e")
                .setLatencyMs(1)
                .setStatus(RequestStatus.OK)
                .setAt(Instant.EPOCH)
                .build();
        assertThatThrownBy(() -> writer.serialize("gateway", obs))
                .isInstanceOf(AvroSerdeException.class)
                .hasCauseInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("topic=gateway")
                .hasMessageContaining("subject=gateway-value")
                .hasMessageContaining("unreachable");
    }

    @Test
    void autoRegisterOffRequiresARegisteredSchema(Engines engines) {
        Map<String, Object> props = new HashMap<>();
        props.put("schema.registry.url", engines.registryUrl());
        props.put(AvroSerdeConfig.AUTO_REGISTER, "false");
        AvroSerializer<EndpointObservation> strict = new AvroSerializer<>();
        strict.configure(props, false);
        EndpointObservation obs = SampleRecords.specific(EndpointObservation.class, 3);
        assertThatThrownBy(() -> strict.serialize("not-registered-yet", obs))
                .isInstanceOf(AvroSerdeException.class)
                .hasCauseInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("subject=not-registered-yet-value");

        AvroSerializer<EndpointObservation> registering = new AvroSerializer<>();
        registering.configure(Map.of("schema.registry.url", engines.registryUrl()), false);
        byte[] first = registering.serialize("not-registered-yet", obs);
        assertThat(strict.serialize("not-registered-yet", obs)).isEqualTo(first);
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    private static Map<String, Object> producerProps(Engines engines) {
        Map<String, Object> props = new HashMap<>(engines.clientProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private static Map<String, Object> consumerProps(Engines engines, String group) {
        Map<String, Object> props = new HashMap<>(engines.clientProperties());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }
}
