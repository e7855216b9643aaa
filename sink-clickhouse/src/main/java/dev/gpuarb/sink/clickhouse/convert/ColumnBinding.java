package dev.gpuarb.sink.clickhouse.convert;

import dev.gpuarb.sink.clickhouse.db.TableColumn;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Where one column's value comes from: a Kafka coordinate ({@code _topic}, {@code _partition},
 * {@code _offset}) or a path of fields through the record value (a nested field is flattened into
 * {@code parent_child}).
 */
sealed interface ColumnBinding {

    TableColumn column();

    /** The Connect schema of the value, or null for Kafka coordinates. */
    Schema schema();

    Object valueOf(SinkRecord record);

    record KafkaCoordinate(TableColumn column) implements ColumnBinding {
        @Override
        public Schema schema() {
            return null;
        }

        @Override
        public Object valueOf(SinkRecord record) {
            return switch (column.name()) {
                case "_topic" -> record.topic();
                case "_partition" -> record.kafkaPartition().longValue();
                case "_offset" -> record.kafkaOffset();
                default -> throw new IllegalStateException("not a Kafka coordinate: " + column.name());
            };
        }
    }

    record FieldPath(TableColumn column, List<Field> path) implements ColumnBinding {
        @Override
        public Schema schema() {
            return path.get(path.size() - 1).schema();
        }

        @Override
        public Object valueOf(SinkRecord record) {
            Object current = record.value();
            for (Field f : path) {
                if (current == null) {
                    return null; // an optional parent (e.g. chosen on NO_ROUTE) makes every child null
                }
                current = ((Struct) current).get(f);
            }
            return current;
        }
    }
}
