package dev.gpuarb.connectors.core;

import dev.gpuarb.topics.Topic;
import org.apache.avro.specific.SpecificRecord;

/**
 * An accepted price ready to send.
 *
 * @param key the Kafka key (the offer id)
 * @param fingerprint hash of the fields whose change matters (price, not observation time); an
 *        unchanged fingerprint means an unchanged price
 */
public record PriceItem(Topic topic, String key, SpecificRecord value, String fingerprint) {}
