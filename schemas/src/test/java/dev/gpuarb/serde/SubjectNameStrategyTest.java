package dev.gpuarb.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.registry.InMemorySchemaRegistry;
import dev.gpuarb.schemas.SampleRecords;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubjectNameStrategyTest {

    private static final String SCOPE = "subjects";

    @AfterEach
    void drop() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void namesSubjectsAsConfluentDoes() {
        var schema = SpotBid.getClassSchema();
        assertThat(SubjectNameStrategy.TOPIC.subject("bids.spot", false, schema))
                .isEqualTo("bids.spot-value");
        assertThat(SubjectNameStrategy.TOPIC.subject("bids.spot", true, schema)).isEqualTo("bids.spot-key");
        assertThat(SubjectNameStrategy.RECORD.subject("bids.spot", false, schema))
                .isEqualTo("dev.gpuarb.avro.SpotBid");
        assertThat(SubjectNameStrategy.TOPIC_RECORD.subject("bids.spot", false, schema))
                .isEqualTo("bids.spot-dev.gpuarb.avro.SpotBid");
    }

    @Test
    void acceptsConfluentClassNamesAndRejectsNonsense() {
        assertThat(SubjectNameStrategy.parse("io.confluent.kafka.serializers.subject.RecordNameStrategy"))
                .isEqualTo(SubjectNameStrategy.RECORD);
        assertThat(SubjectNameStrategy.parse("topic-record")).isEqualTo(SubjectNameStrategy.TOPIC_RECORD);
        assertThatThrownBy(() -> SubjectNameStrategy.parse("by-moon-phase"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("by-moon-phase");
    }

    @Test
    void serializerRegistersUnderTheConfiguredSubject() {
        AvroSerializer<SpotBid> serializer = new AvroSerializer<>();
        serializer.configure(
                Map.of("schema.registry.url", "mock://" + SCOPE, "value.subject.name.strategy", "record"), false);
        serializer.serialize("bids.spot", SampleRecords.specific(SpotBid.class, 1));
        assertThat(InMemorySchemaRegistry.forScope(SCOPE).subjects()).containsExactly("dev.gpuarb.avro.SpotBid");
    }

    @Test
    void missingRegistryUrlIsAConfigError() {
        AvroSerializer<SpotBid> serializer = new AvroSerializer<>();
        assertThatThrownBy(() -> serializer.configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }
}
