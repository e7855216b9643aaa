package dev.gpuarb.connectors.azure;

import dev.gpuarb.connectors.core.HttpFetcher;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.RefusedFetchException;
import dev.gpuarb.connectors.core.RefusedLinkException;
import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.connectors.core.SnapshotSource;
import dev.gpuarb.connectors.core.SourceContext;
import dev.gpuarb.vocab.RejectReason;
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
 * price list is never taken for the whole one; paging that ends early otherwise (a page that does
 * not parse, a refused link, the page limit) keeps the pages read but leaves the listing incomplete,
 * so that it withdraws nothing.
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
        URI first = AzureRetailQuery.firstPage(config);
        URI page = first;
        for (int pages = 0; page != null; pages++) {
            if (pages >= config.maxPages() || !seen.add(page.toString())) {
                result.reject(new Rejection(
                        SOURCE,
                        RejectReason.MALFORMED_JSON,
                        "paging stopped after " + pages + " pages: the NextPageLink repeats or the page limit "
                                + config.maxPages() + " was reached",
                        page.toString(),
                        page.toString()));
                result.markIncomplete();
                break;
            }
            String body;
            try {
                body = new String(
                        http.get(page, Map.of("Accept", "application/json")).body(), StandardCharsets.UTF_8);
            } catch (RefusedFetchException e) {
                result.reject(e.toRejection(SOURCE));
                result.markIncomplete();
                break;
            }
            AzureRetailPage parsed = AzureRetailPage.parse(body, page.toString(), SOURCE);
            items.addAll(parsed.items());
            parsed.rejections().forEach(result::reject);
            if (!parsed.readable()) {
                result.markIncomplete();
            }
            page = parsed.nextPageLink() == null ? null : followable(first, page, parsed.nextPageLink(), result);
        }
        mapper.mapAll(items, now, result);
        return result;
    }

    /**
     * The next page, or null when its link is not one to fetch: a link to another origin than the
     * configured API's (a provider answer must not steer the worker to another host) or one that is
     * not a URL. Either is a REFUSED_LINK rejection and ends the paging, keeping the pages before it.
     */
    private URI followable(URI first, URI page, String link, ParseResult result) {
        try {
            URI next = AzureRetailQuery.nextPage(link);
            if (http.links().mayFollow(first, next)) {
                return next;
            }
        } catch (IllegalArgumentException e) {
            // not a URL at all: refused below like a foreign one
        }
        result.reject(new RefusedLinkException("NextPageLink", page, link).toRejection(SOURCE));
        result.markIncomplete();
        return null;
    }
}
