package dev.gpuarb.sink.clickhouse.selfhost;

import com.clickhouse.client.api.query.GenericRecord;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.db.Identifiers;
import dev.gpuarb.sink.clickhouse.reference.ReferenceData;
import dev.gpuarb.throughput.InstanceThroughput;
import dev.gpuarb.throughput.ThroughputModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Fills {@code gpu_throughput} and {@code known_model_names} (migration V016) from the throughput model,
 * so that the economics views price GPU offers per token with the same figures as the library.
 *
 * <p>The contents are tagged with a version, a hash of the contents: a refresh whose hash is already the
 * latest in {@code gpu_throughput_versions} writes nothing. Otherwise both tables get the new rows first
 * and the version is published after them; readers take the latest published version only, so they see
 * the old set or the new one, never part of one. Older versions are deleted afterwards. Two workers
 * refreshing at once write the same version, and insert deduplication keeps one copy.
 */
public final class ThroughputTables implements ReferenceData {

    static final int CREATED_BY = 16;
    /** One object a line; the generators must not close the stream, which holds both tables when hashing. */
    private static final JsonFactory JSON =
            JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private final ThroughputModel model;
    private SoftReference<Contents> cached = new SoftReference<>(null);

    public ThroughputTables() {
        this(new ThroughputModel());
    }

    public ThroughputTables(ThroughputModel model) {
        this.model = model;
    }

    @Override
    public int createdBy() {
        return CREATED_BY;
    }

    @Override
    public String name() {
        return "gpu_throughput and known_model_names (throughput model)";
    }

    @Override
    public boolean refresh(ClickHouseGateway gateway) {
        Contents contents = contents();
        String version = contents.version();
        if (version.equals(latestVersion(gateway))) {
            return false;
        }
        gateway.insertJsonEachRow("gpu_throughput", contents.throughputJson(), "gpu_throughput-" + version);
        gateway.insertJsonEachRow("known_model_names", contents.namesJson(), "known_model_names-" + version);
        String db = gateway.database();
        gateway.execute(
                "INSERT INTO " + Identifiers.qualified(db, "gpu_throughput_versions")
                        + " (version, throughput_rows, name_rows) VALUES ({v:String}, {t:UInt64}, {n:UInt64})",
                Map.of("v", version, "t", contents.throughputRows(), "n", contents.nameRows()));
        for (String table : List.of("gpu_throughput", "known_model_names")) {
            gateway.execute(
                    "ALTER TABLE " + Identifiers.qualified(db, table) + " DELETE WHERE version != {v:String}",
                    Map.of("v", version));
        }
        return true;
    }

    /** The rows as they are inserted, with their version. */
    private record Contents(
            String version, byte[] throughputJson, int throughputRows, byte[] namesJson, int nameRows) {}

    /**
     * Computing the rows takes about a second; a process that migrates several databases (the tests) reuses
     * them while memory allows.
     */
    private synchronized Contents contents() {
        Contents kept = cached.get();
        if (kept == null) {
            List<ThroughputRow> rows = new ThroughputRows(model).throughput();
            Map<String, String> names = ThroughputRows.modelNames();
            String version = version(rows, names);
            kept = new Contents(
                    version, throughputJson(rows, version), rows.size(), namesJson(names, version), names.size());
            cached = new SoftReference<>(kept);
        }
        return kept;
    }

    /** The version readers use now, or null when none was published. */
    public static String latestVersion(ClickHouseGateway gateway) {
        List<GenericRecord> latest =
                gateway.query("SELECT argMax(version, published_at) AS v, count() AS n FROM gpu_throughput_versions");
        return latest.get(0).getLong("n") == 0 ? null : latest.get(0).getString("v");
    }

    static String version(List<ThroughputRow> rows, Map<String, String> names) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream digest = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
                writeThroughput(digest, rows, null);
                writeNames(digest, names, null);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] throughputJson(List<ThroughputRow> rows, String version) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 400);
        try {
            writeThroughput(out, rows, version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] namesJson(Map<String, String> names, String version) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeNames(out, names, version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static JsonGenerator lines(OutputStream out) throws IOException {
        return JSON.createGenerator(out, JsonEncoding.UTF8).setRootValueSeparator(new SerializedString("\n"));
    }

    /** JSONEachRow; without a version when hashing. */
    private static void writeThroughput(OutputStream out, List<ThroughputRow> rows, String version) throws IOException {
        try (JsonGenerator json = lines(out)) {
            for (ThroughputRow row : rows) {
                InstanceThroughput t = row.throughput();
                json.writeStartObject();
                if (version != null) {
                    json.writeStringField("version", version);
                }
                json.writeStringField("model_id", row.modelId());
                json.writeStringField("weights", row.weights().name());
                json.writeStringField("gpu_model", row.gpuModel());
                json.writeNumberField("gpus", row.gpus());
                json.writeNumberField("concurrency", row.concurrency());
                json.writeNumberField("context_tokens", row.contextTokens());
                json.writeNumberField("tensor_parallel", t.tensorParallel());
                json.writeNumberField("copies", t.copies());
                json.writeNumberField("active_copies", t.activeCopies());
                json.writeNumberField("output_tokens_per_s", t.decodeTokensPerSecond());
                json.writeFieldName("prefill_tokens_per_s");
                if (t.prefillTokensPerSecond().isPresent()) {
                    json.writeNumber(t.prefillTokensPerSecond().getAsDouble());
                } else {
                    json.writeNull();
                }
                json.writeNumberField("per_sequence_tokens_per_s", t.perSequenceTokensPerSecond());
                json.writeStringField("decode_limit", t.decodeLimit().name());
                json.writeStringField("source", row.source());
                json.writeEndObject();
            }
        }
    }

    private static void writeNames(OutputStream out, Map<String, String> names, String version) throws IOException {
        try (JsonGenerator json = lines(out)) {
            for (Map.Entry<String, String> name : names.entrySet()) {
                json.writeStartObject();
                if (version != null) {
                    json.writeStringField("version", version);
                }
                json.writeStringField("name", name.getKey());
                json.writeStringField("model_id", name.getValue());
                json.writeEndObject();
            }
        }
    }
}
