package dev.gpuarb.connectors.awsspot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.vocab.RejectReason;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON layout of {@code aws ec2 describe-spot-price-history}: an object with a
 * {@code SpotPriceHistory} array (or a bare array) of elements with AvailabilityZone (or
 * AvailabilityZoneId), InstanceType, ProductDescription, SpotPrice and Timestamp.
 */
public final class SpotPriceJsonReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The events of a document, and the rejections for a document or elements that do not parse. */
    public record Document(List<SpotPriceEvent> events, List<Rejection> rejections) {}

    private SpotPriceJsonReader() {}

    public static Document read(String text, String location, String source) {
        List<SpotPriceEvent> events = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            rejections.add(new Rejection(source, RejectReason.MALFORMED_JSON, e.getOriginalMessage(), text, location));
            return new Document(events, rejections);
        }
        JsonNode history = root != null && root.isObject() ? root.get("SpotPriceHistory") : root;
        if (history == null || !history.isArray()) {
            rejections.add(new Rejection(
                    source, RejectReason.MISSING_FIELD, "no SpotPriceHistory array in the document", text, location));
            return new Document(events, rejections);
        }
        for (int i = 0; i < history.size(); i++) {
            JsonNode element = history.get(i);
            String where = location + "#SpotPriceHistory[" + i + "]";
            if (!element.isObject()) {
                rejections.add(new Rejection(
                        source, RejectReason.MALFORMED_JSON, "element is not an object", element.toString(), where));
                continue;
            }
            String zone = text(element, "AvailabilityZone");
            if (zone == null) {
                zone = text(element, "AvailabilityZoneId");
            }
            events.add(new SpotPriceEvent(
                    zone,
                    text(element, "InstanceType"),
                    text(element, "ProductDescription"),
                    text(element, "SpotPrice"),
                    text(element, "Timestamp"),
                    element.toString(),
                    where));
        }
        return new Document(events, rejections);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
