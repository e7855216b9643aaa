package dev.gpuarb.registry;

import org.apache.avro.Schema;

/** One version of a schema under a subject. */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {}
