package dev.gpuarb.bench.profile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names the area of code a frame belongs to, by package prefix. Order matters: the first match wins,
 * so the application's own stages come before the libraries they call.
 */
public final class Areas {

    private static final Map<String, String> PREFIXES = new LinkedHashMap<>();

    static {
        PREFIXES.put("dev.gpuarb.streams.routing.", "route engine (streams-app routing)");
        PREFIXES.put("dev.gpuarb.streams.latency.", "latency summaries (streams-app)");
        PREFIXES.put("dev.gpuarb.streams.effect.", "prices in effect: spreads and profiles (streams-app)");
        PREFIXES.put("dev.gpuarb.streams.bids.", "spot bids (streams-app)");
        PREFIXES.put("dev.gpuarb.streams.validate.", "validation (streams-app)");
        PREFIXES.put("dev.gpuarb.streams.common.JsonSerde", "JSON serde of store values (streams-app)");
        PREFIXES.put("dev.gpuarb.serde.", "Avro serde (Confluent wire)");
        PREFIXES.put("org.rocksdb.", "RocksDB (JNI)");
        PREFIXES.put("com.fasterxml.jackson.", "Jackson");
        PREFIXES.put("org.apache.avro.", "Avro");
        PREFIXES.put("org.apache.kafka.streams.state.", "Kafka Streams state stores");
        PREFIXES.put("org.apache.kafka.streams.", "Kafka Streams runtime");
        PREFIXES.put("org.apache.kafka.clients.producer.", "Kafka producer");
        PREFIXES.put("org.apache.kafka.clients.consumer.", "Kafka consumer");
        PREFIXES.put("org.apache.kafka.common.network.", "Kafka network I/O");
        PREFIXES.put("com.datadoghq.sketch.", "DDSketch");
        PREFIXES.put("sun.nio.", "NIO");
    }

    private Areas() {}

    /** The area of a frame's class.method, or null when it belongs to none of the named areas. */
    public static String of(String qualifiedMethod) {
        for (Map.Entry<String, String> e : PREFIXES.entrySet()) {
            if (qualifiedMethod.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }
}
