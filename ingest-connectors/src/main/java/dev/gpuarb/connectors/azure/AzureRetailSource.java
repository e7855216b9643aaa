package dev.gpuarb.connectors.azure;

import dev.gpuarb.connectors.core.HttpFetcher;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.RejectReason;
import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.connectors.core.ResponseTooLargeException;
import dev.gpuarb.connectors.core.SnapshotSource;
import dev.gpuarb.connectors.core.SourceContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the GPU VM prices of the Azure Retail Prices API, every page, on each poll and sends
 * the changed ones. A page that fails after the HTTP retries fails the whole poll, so a partial
 * price list is never taken for the whole one.
 */
public final class AzureRetailSource extends SnapshotSource {

    public static final String SOURCE = "azure-retail";

    private final AzureRetailConfig config;
    private final HttpFetcher http;
    private final AzureRetailItemMapper mapper;
    private final Clock clock;

    public AzureRetailSource(AzureRetailConfig config, SourceContext context) {
        super(SOURCE, context);
        this.config = config;
        this.http = context.http();
        this.mapper = new AzureRetailItemMapper(SOURCE, config.windows(), config.currencyRates(), config.priceLimits());
        this.clock = context.clock();
    }

    @Override
    protected ParseResult readSnapshot() throws Exception {
        ParseResult result = new ParseResult();
        Instant now = clock.instant();
        List<AzureRetailPage.Item> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        URI page = AzureRetailQuery.firstPage(config);
        for (int pages = 0; page != null; pages++) {
            if (pages >= config.maxPages() || !seen.add(page.toString())) {
                result.reject(new Rejection(SOURCE, RejectReason.MALFORMED_JSON,
                        "paging stopped after " + pages + " pages: the NextPageLink repeats or the page limit "
                                + config.maxPages() + " was reached", page.toString(), page.toString()));
                break;
            }
            String body;
            try {
                body = new String(http.get(page, Map.of("Accept", "application/json")).body(), StandardCharsets.UTF_8);
            } catch (ResponseTooLargeException e) {
                result.reject(e.toRejection(SOURCE));
                break;
            }
            AzureRetailPage parsed = AzureRetailPage.parse(body, page.toString(), SOURCE);
            items.addAll(parsed.items());
            parsed.rejections().forEach(result::reject);
            page = parsed.nextPageLink() == null ? null : AzureRetailQuery.nextPage(parsed.nextPageLink());
        }
        mapper.mapAll(items, now, result);
        return result;
    }
}
