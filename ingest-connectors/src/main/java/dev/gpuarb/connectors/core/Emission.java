package dev.gpuarb.connectors.core;

import dev.gpuarb.topics.Topic;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** A record to hand to Connect, with the source partition and offset that make it resumable. */
public record Emission(
        Topic topic, String key, SpecificRecord value, Map<String, ?> sourcePartition, Map<String, ?> sourceOffset) {}
