package dev.gpuarb.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * An in-process registry with the same semantics as the REST one (global ids, versions per subject,
 * BACKWARD checks by default), for unit tests such as TopologyTestDriver tests where a network
 * registry would add nothing. Selected with {@code schema.registry.url=mock://scope}; one instance
 * per scope, shared by every serde in the JVM that names the same scope.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<Schema, Integer> idBySchema = new HashMap<>();
    private final Map<String, List<Integer>> versions = new LinkedHashMap<>();
    private final Map<String, CompatibilityLevel> levels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    /** The registry of a mock:// scope, created on first use. */
    public static InMemorySchemaRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
    }

    /** Forgets a scope, so the next test starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> ids = versions.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer existing = idBySchema.get(schema);
        if (existing != null && ids.contains(existing)) {
            return existing;
        }
        CompatibilityResult check = testCompatibility(subject, schema);
        if (!check.compatible()) {
            throw new IncompatibleSchemaException(
                    "schema is incompatible [subject=" + subject + "]: " + check.messages(), subject, 409, 409);
        }
        int id = existing != null ? existing : byId.size() + 1;
        byId.put(id, schema);
        idBySchema.put(schema, id);
        ids.add(id);
        return id;
    }

    @Override
    public synchronized int lookup(String subject, Schema schema) {
        Integer id = idBySchema.get(schema);
        if (id == null || !versions.getOrDefault(subject, List.of()).contains(id)) {
            throw new SchemaNotFoundException("no such schema [subject=" + subject + "]", subject, null, 404, 40403);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException("no such schema [schema id=" + id + "]", null, id, 404, 40403);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> ids = versions.get(subject);
        if (ids == null || ids.isEmpty()) {
            throw new SchemaNotFoundException("no such subject [subject=" + subject + "]", subject, null, 404, 40401);
        }
        int id = ids.get(ids.size() - 1);
        return new RegisteredSchema(subject, id, ids.size(), byId.get(id));
    }

    @Override
    public synchronized CompatibilityResult testCompatibility(String subject, Schema schema) {
        List<Integer> ids = versions.getOrDefault(subject, List.of());
        CompatibilityLevel level = levels.getOrDefault(subject, globalLevel);
        if (ids.isEmpty() || level == CompatibilityLevel.NONE) {
            return CompatibilityResult.ok();
        }
        boolean transitive = level.name().endsWith("_TRANSITIVE");
        List<Integer> against = transitive ? ids : List.of(ids.get(ids.size() - 1));
        List<String> messages = new ArrayList<>();
        for (int id : against) {
            Schema old = byId.get(id);
            if (level.name().startsWith("BACKWARD") || level.name().startsWith("FULL")) {
                collect(SchemaCompatibility.checkReaderWriterCompatibility(schema, old), messages);
            }
            if (level.name().startsWith("FORWARD") || level.name().startsWith("FULL")) {
                collect(SchemaCompatibility.checkReaderWriterCompatibility(old, schema), messages);
            }
        }
        return new CompatibilityResult(messages.isEmpty(), messages);
    }

    private static void collect(SchemaCompatibility.SchemaPairCompatibility result, List<String> messages) {
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            result.getResult().getIncompatibilities().forEach(i -> messages.add(i.toString()));
        }
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        if (subject == null) {
            globalLevel = level;
        } else {
            levels.put(subject, level);
        }
    }

    @Override
    public synchronized CompatibilityLevel compatibility(String subject) {
        return subject == null ? globalLevel : levels.getOrDefault(subject, globalLevel);
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(versions.keySet());
    }

    @Override
    public synchronized void deleteSubject(String subject) {
        versions.remove(subject);
        levels.remove(subject);
    }
}
