package dev.gpuarb.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The calls the serde and the tooling need from a schema registry speaking the Confluent REST API
 * (Confluent Schema Registry, Apicurio's ccompat API, Karapace, Redpanda).
 *
 * <p>Every failure is a {@link SchemaRegistryException} subclass naming the subject and/or id; no
 * method returns null for "not found".
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers the schema under the subject (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id of a schema already registered under the subject; {@link SchemaNotFoundException} if absent. */
    int lookup(String subject, Schema schema);

    /** The schema with this global id; {@link SchemaNotFoundException} if the registry has none. */
    Schema schemaById(int id);

    /** The newest version under the subject; {@link SchemaNotFoundException} if the subject is unknown. */
    RegisteredSchema latest(String subject);

    /** Whether the schema could be registered under the subject under its compatibility level. */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** Sets the compatibility level of one subject, or the global default when subject is null. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** The compatibility level of one subject, or the global default when subject is null. */
    CompatibilityLevel compatibility(String subject);

    List<String> subjects();

    /** Deletes a subject and its versions (soft delete, as the registry does by default). */
    void deleteSubject(String subject);

    @Override
    default void close() {}
}
