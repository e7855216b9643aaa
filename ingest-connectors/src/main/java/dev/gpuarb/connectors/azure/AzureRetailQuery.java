package dev.gpuarb.connectors.azure;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The first-page request of the Retail Prices API: virtual machine consumption meters of the GPU
 * series (and regions) asked for. Later pages come from the response's {@code NextPageLink}.
 */
final class AzureRetailQuery {

    private AzureRetailQuery() {}

    static String filter(AzureRetailConfig config) {
        if (!config.filterOverride().isBlank()) {
            return config.filterOverride();
        }
        StringBuilder f = new StringBuilder("serviceName eq 'Virtual Machines' and priceType eq 'Consumption'");
        f.append(" and (")
                .append(anyOf(config.vmSeries().stream()
                        .map(s -> "contains(armSkuName, 'Standard_" + s + "')")
                        .toList()))
                .append(')');
        if (!config.regions().isEmpty()) {
            f.append(" and (")
                    .append(anyOf(config.regions().stream()
                            .map(r -> "armRegionName eq '" + r + "'")
                            .toList()))
                    .append(')');
        }
        return f.toString();
    }

    static URI firstPage(AzureRetailConfig config) {
        StringBuilder uri = new StringBuilder(config.apiUrl()).append('?');
        if (!config.apiVersion().isBlank()) {
            uri.append("api-version=").append(encode(config.apiVersion())).append('&');
        }
        uri.append("currencyCode=").append(encode("'" + config.currency() + "'"));
        uri.append("&$filter=").append(encode(filter(config)));
        return URI.create(uri.toString());
    }

    /**
     * A {@code NextPageLink} as a URI. The API has been seen to return links with raw spaces and
     * quotes in the query, which {@link URI#create} refuses; those are escaped.
     */
    static URI nextPage(String link) {
        return URI.create(link.replace(" ", "%20").replace("'", "%27"));
    }

    private static String anyOf(List<String> terms) {
        return terms.stream().collect(Collectors.joining(" or "));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
