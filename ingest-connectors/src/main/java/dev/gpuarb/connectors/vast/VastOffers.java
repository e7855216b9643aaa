package dev.gpuarb.connectors.vast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.vocab.RejectReason;
import java.util.ArrayList;
import java.util.List;

/**
 * A search answer ({@code {"offers": [offer, ...]}}) cut into located offer objects. NaN and
 * Infinity are read as numbers (Python's JSON writer emits them), so that one bad number costs its
 * offer, not the whole answer.
 */
final class VastOffers {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    record Located(JsonNode json, String location) {}

    /** @param readable false when the answer did not parse or has no offers array: its offers are unknown */
    record Parsed(List<Located> offers, List<Rejection> rejections, boolean readable) {}

    private VastOffers() {}

    static Parsed parse(String body, String location, String source) {
        List<Located> offers = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            rejections.add(new Rejection(source, RejectReason.MALFORMED_JSON, e.getOriginalMessage(), body, location));
            return new Parsed(offers, rejections, false);
        }
        JsonNode array = root == null ? null : root.get("offers");
        if (array == null || !array.isArray()) {
            rejections.add(new Rejection(
                    source, RejectReason.MISSING_FIELD, "no offers array in the response", body, location));
            return new Parsed(offers, rejections, false);
        }
        for (int i = 0; i < array.size(); i++) {
            String where = location + "#offers[" + i + "]";
            if (array.get(i).isObject()) {
                offers.add(new Located(array.get(i), where));
            } else {
                rejections.add(new Rejection(
                        source,
                        RejectReason.MALFORMED_JSON,
                        "offer is not an object",
                        array.get(i).toString(),
                        where));
            }
        }
        return new Parsed(offers, rejections, true);
    }
}
