package dev.gpuarb.connectors.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.vocab.RejectReason;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a Retail Prices response: {@code {"BillingCurrency", "Items": [...], "NextPageLink",
 * "Count"}}. A page that does not parse is one rejection and ends the paging, since its
 * {@code NextPageLink} cannot be read.
 *
 * @param items the item objects with their JSON path, for rejections
 * @param nextPageLink null on the last page, and on a page that could not be read
 * @param readable false when the page did not parse: its items (and the pages after it) are unknown
 */
record AzureRetailPage(List<Item> items, List<Rejection> rejections, String nextPageLink, boolean readable) {

    record Item(JsonNode json, String location) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    static AzureRetailPage parse(String body, String location, String source) {
        List<Item> items = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            rejections.add(new Rejection(source, RejectReason.MALFORMED_JSON, e.getOriginalMessage(), body, location));
            return new AzureRetailPage(items, rejections, null, false);
        }
        JsonNode array = root == null ? null : root.get("Items");
        if (array == null || !array.isArray()) {
            rejections.add(new Rejection(
                    source, RejectReason.MISSING_FIELD, "no Items array in the response", body, location));
            return new AzureRetailPage(items, rejections, null, false);
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            String where = location + "#Items[" + i + "]";
            if (item.isObject()) {
                items.add(new Item(item, where));
            } else {
                rejections.add(new Rejection(
                        source, RejectReason.MALFORMED_JSON, "item is not an object", item.toString(), where));
            }
        }
        JsonNode next = root.get("NextPageLink");
        String link = next == null || next.isNull() || next.asText().isBlank() ? null : next.asText();
        return new AzureRetailPage(items, rejections, link, true);
    }
}
