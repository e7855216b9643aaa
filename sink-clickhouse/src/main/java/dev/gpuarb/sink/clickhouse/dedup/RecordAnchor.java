package dev.gpuarb.sink.clickhouse.dedup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What identifies a record at an offset, for telling a log apart from a recreated or reset one
 * under the same name: the record's Kafka timestamp and a digest of its key. Both come from the
 * broker's bytes, so they do not depend on how this sink converts values.
 */
public final class RecordAnchor {

    private RecordAnchor() {}

    public static String of(SinkRecord record) {
        return "t" + record.timestamp() + "/k" + digest(String.valueOf(record.key()));
    }

    private static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
