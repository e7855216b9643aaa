package dev.gpuarb.connectors.openrouter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.vocab.RejectReason;
import java.util.ArrayList;
import java.util.List;

/**
 * The two OpenRouter documents: the model list ({@code {"data": [model, ...]}}) and one model's
 * endpoints ({@code {"data": {"id", "endpoints": [endpoint, ...]}}}), cut into located objects.
 */
final class OpenRouterJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Located(JsonNode json, String location) {}

    /** @param readable false when the document did not parse or lacks its array: its objects are unknown */
    record Objects(List<Located> objects, List<Rejection> rejections, boolean readable) {}

    private OpenRouterJson() {}

    static Objects models(String body, String location, String source) {
        return array(body, location, source, "data");
    }

    static Objects endpoints(String body, String location, String source) {
        return array(body, location, source, "endpoints");
    }

    private static Objects array(String body, String location, String source, String field) {
        List<Located> objects = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            rejections.add(new Rejection(source, RejectReason.MALFORMED_JSON, e.getOriginalMessage(), body, location));
            return new Objects(objects, rejections, false);
        }
        JsonNode container = root == null ? null : root.get("data");
        JsonNode array = container != null && container.isObject() ? container.get(field) : container;
        if (array == null || !array.isArray()) {
            rejections.add(new Rejection(
                    source, RejectReason.MISSING_FIELD, "no " + field + " array in the response", body, location));
            return new Objects(objects, rejections, false);
        }
        for (int i = 0; i < array.size(); i++) {
            String where = location + "#" + field + "[" + i + "]";
            if (array.get(i).isObject()) {
                objects.add(new Located(array.get(i), where));
            } else {
                rejections.add(new Rejection(
                        source,
                        RejectReason.MALFORMED_JSON,
                        "entry is not an object",
                        array.get(i).toString(),
                        where));
            }
        }
        return new Objects(objects, rejections, true);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank()
                ? null
                : value.asText().trim();
    }
}
