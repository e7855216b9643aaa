package dev.gpuarb.sink.clickhouse;

import dev.gpuarb.connect.AvroConnectData;
import dev.gpuarb.sink.clickhouse.convert.RowConverter;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.db.TableColumns;
import dev.gpuarb.topics.Topic;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.sink.SinkRecord;

/** Writes records into the sink's tables through the sink's own converter, as the connector would. */
public final class Seeder {

    private Seeder() {}

    /** {@code n} sample records of every sink topic. */
    public static void seedSamples(ClickHouseGateway ch, int n) {
        for (Topic topic : TopicTables.DEFAULTS.keySet()) {
            List<SpecificRecord> records = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                records.add(SampleRecords.of(topic, i));
            }
            insert(ch, topic, records);
        }
    }

    public static void insert(ClickHouseGateway ch, Topic topic, List<? extends SpecificRecord> records) {
        String table = TopicTables.DEFAULTS.get(topic);
        RowConverter converter = new RowConverter(table, TableColumns.of(ch, table));
        AvroConnectData avro = new AvroConnectData();
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        long offset = 0;
        for (SpecificRecord r : records) {
            SchemaAndValue v = avro.toConnectData(r.getSchema(), r);
            rows.writeBytes(converter.convert(
                    new SinkRecord(topic.topicName(), 0, null, null, v.schema(), v.value(), offset++)));
        }
        ch.insertRows(table, converter.columnNames(), rows.toByteArray(), null);
    }
}
