package dev.gpuarb.connectors.core;

import dev.gpuarb.connect.AvroConnectData;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Emissions to Connect records. The value goes through {@link AvroConnectData} so that the schema
 * the converter registers is exactly the project's .avsc, not a Connect-derived approximation.
 * This is also where every price gets its validUntil: at the moment it is handed to Connect, from
 * the task's clock, whichever source made it.
 */
public final class RecordMapper {

    private final AvroConnectData avro = new AvroConnectData();
    private final Function<dev.gpuarb.topics.Topic, String> topicNames;
    private final PriceValidity validity;
    private final Clock clock;

    public RecordMapper(Function<dev.gpuarb.topics.Topic, String> topicNames, PriceValidity validity, Clock clock) {
        this.topicNames = topicNames;
        this.validity = validity;
        this.clock = clock;
    }

    public SourceRecord toSourceRecord(Emission e, Instant sentAt) {
        var stamped = validity.stamp(e.value(), sentAt);
        SchemaAndValue value = avro.toConnectData(stamped.getSchema(), stamped);
        return new SourceRecord(
                e.sourcePartition(),
                e.sourceOffset(),
                topicNames.apply(e.topic()),
                null,
                Schema.STRING_SCHEMA,
                e.key(),
                value.schema(),
                value.value());
    }

    public List<SourceRecord> toSourceRecords(List<Emission> emissions) {
        Instant sentAt = clock.instant();
        List<SourceRecord> records = new ArrayList<>(emissions.size());
        for (Emission e : emissions) {
            records.add(toSourceRecord(e, sentAt));
        }
        return records;
    }
}
