package dev.gpuarb.serde;

import dev.gpuarb.registry.RegistryClientConfig;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * Serde settings. Keys follow Confluent's names where one exists:
 * <ul>
 *   <li>{@code schema.registry.url} and the other {@link RegistryClientConfig} keys (auth, TLS, retries)</li>
 *   <li>{@code auto.register.schemas} (default true): register the writer schema on first use;
 *       when false the schema must already be registered</li>
 *   <li>{@code use.latest.version} (default false): write under the subject's latest id (the record's
 *       schema must equal it)</li>
 *   <li>{@code subject.name.strategy} (or {@code key.}/{@code value.subject.name.strategy}):
 *       topic (default), record or topic-record</li>
 *   <li>{@code specific.avro.reader} (default true): deserialize into generated classes when one is
 *       on the classpath, else GenericRecord</li>
 *   <li>{@code avro.reader.schema}: a reader schema (JSON) for generic reads; omitted = writer schema</li>
 * </ul>
 */
public record AvroSerdeConfig(
        RegistryClientConfig registry,
        boolean autoRegister,
        boolean useLatestVersion,
        SubjectNameStrategy subjectNameStrategy,
        boolean specificReader,
        Schema readerSchema) {

    public static final String AUTO_REGISTER = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SUBJECT_NAME_STRATEGY = "subject.name.strategy";
    public static final String SPECIFIC_READER = "specific.avro.reader";
    public static final String READER_SCHEMA = "avro.reader.schema";

    public static AvroSerdeConfig fromProperties(Map<String, ?> props, boolean isKey) {
        String strategyKey = (isKey ? "key." : "value.") + SUBJECT_NAME_STRATEGY;
        Object strategy = props.containsKey(strategyKey) ? props.get(strategyKey) : props.get(SUBJECT_NAME_STRATEGY);
        Object reader = props.get(READER_SCHEMA);
        Schema readerSchema = null;
        if (reader != null && !reader.toString().isBlank()) {
            try {
                readerSchema = new Schema.Parser().parse(reader.toString());
            } catch (RuntimeException e) {
                throw new ConfigException(READER_SCHEMA, "(schema text)", "not a valid Avro schema: " + e.getMessage());
            }
        }
        return new AvroSerdeConfig(
                RegistryClientConfig.fromProperties(props),
                bool(props, AUTO_REGISTER, true),
                bool(props, USE_LATEST_VERSION, false),
                strategy == null ? SubjectNameStrategy.TOPIC : SubjectNameStrategy.parse(strategy.toString()),
                bool(props, SPECIFIC_READER, true),
                readerSchema);
    }

    private static boolean bool(Map<String, ?> props, String key, boolean defaultValue) {
        Object v = props.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new ConfigException(key, v, "expected true or false");
    }
}
