package dev.gpuarb.connectors.vast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * The JSON body of one offer search: Vast.ai's filter language ({@code {"field": {"op": value}}})
 * with the defaults its own CLI uses (rentable, not rented, not external, verified unless asked
 * otherwise), on-demand asks only, cheapest first, at most {@code vast.max.offers}.
 */
final class VastQuery {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VastQuery() {}

    static byte[] body(VastConfig config) {
        ObjectNode q = JSON.createObjectNode();
        q.putObject("rentable").put("eq", true);
        q.putObject("rented").put("eq", false);
        q.putObject("external").put("eq", false);
        if (config.verifiedOnly()) {
            q.putObject("verified").put("eq", true);
        }
        if (config.minReliability() > 0) {
            q.putObject("reliability2").put("gte", config.minReliability());
        }
        ArrayNode order = q.putArray("order");
        order.addArray().add("dph_total").add("asc");
        q.put("type", "on-demand");
        q.put("limit", config.maxOffers());
        return q.toString().getBytes(StandardCharsets.UTF_8);
    }
}
