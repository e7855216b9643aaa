package dev.gpuarb.connectors.core;

import dev.gpuarb.connect.AvroConnectData;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Emissions to Connect records. The value goes through {@link AvroConnectData} so that the schema
 * the converter registers is exactly the project's .avsc, not a Connect-derived approximation.
 */
public final class RecordMapper {

    private final AvroConnectData avro = new AvroConnectData();
    private final Function<dev.gpuarb.topics.Topic, String> topicNames;

    public RecordMapper(Function<dev.gpuarb.topics.Topic, String> topicNames) {
        this.topicNames = topicNames;
    }

    public SourceRecord toSourceRecord(Emission e) {
        SchemaAndValue value = avro.toConnectData(e.value().getSchema(), e.value());
        return new SourceRecord(e.sourcePartition(), e.sourceOffset(), topicNames.apply(e.topic()), null,
                Schema.STRING_SCHEMA, e.key(), value.schema(), value.value());
    }

    public List<SourceRecord> toSourceRecords(List<Emission> emissions) {
        List<SourceRecord> records = new ArrayList<>(emissions.size());
        for (Emission e : emissions) {
            records.add(toSourceRecord(e));
        }
        return records;
    }
}
