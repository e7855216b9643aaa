package dev.gpuarb.connectors.vast;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.connectors.core.Checked;
import dev.gpuarb.connectors.core.HttpFetcher;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.PriceItem;
import dev.gpuarb.connectors.core.RefusedFetchException;
import dev.gpuarb.connectors.core.SnapshotSource;
import dev.gpuarb.connectors.core.SourceContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vast.ai's marketplace: one offer search per poll (every minute by default), read as a whole
 * snapshot, so an offer that leaves a complete search is withdrawn. A search that fails after the
 * HTTP retries fails the poll (nothing changes); one that comes back cut off (as many offers as
 * asked for), unreadable or refused is incomplete and withdraws nothing.
 */
public final class VastSource extends SnapshotSource {

    public static final String SOURCE = "vast";

    static final String SKIPPED_DEARER_ASK = "dearer ask of the same machine and GPU count";
    static final String SKIPPED_NOT_RENTABLE = "not rentable";

    private static final Logger log = LoggerFactory.getLogger(VastSource.class);

    private final VastConfig config;
    private final HttpFetcher http;
    private final VastOfferMapper mapper;
    private final Clock clock;

    public VastSource(VastConfig config, SourceContext context) {
        super(SOURCE, context);
        this.config = config;
        this.http = context.http();
        this.mapper = new VastOfferMapper(SOURCE, config.currencyRates(), config.priceLimits());
        this.clock = context.clock();
    }

    @Override
    protected ParseResult readSnapshot() throws Exception {
        ParseResult result = new ParseResult();
        Instant now = clock.instant();
        String url = config.apiUrl();
        String body;
        try {
            body = new String(
                    http.post(URI.create(url), headers(), VastQuery.body(config))
                            .body(),
                    StandardCharsets.UTF_8);
        } catch (RefusedFetchException e) {
            result.reject(e.toRejection(SOURCE));
            result.markIncomplete();
            return result;
        }
        VastOffers.Parsed parsed = VastOffers.parse(body, url, SOURCE);
        parsed.rejections().forEach(result::reject);
        if (!parsed.readable()) {
            result.markIncomplete();
        }
        if (parsed.offers().size() >= config.maxOffers()) {
            // The search stopped at its limit: offers past it are unseen, not gone.
            log.info(
                    "Vast search returned {} offers, its limit {}: nothing is withdrawn this poll",
                    parsed.offers().size(),
                    VastConfig.MAX_OFFERS);
            result.markIncomplete();
        }
        Map<String, PriceItem> cheapest = new LinkedHashMap<>();
        for (VastOffers.Located offer : parsed.offers()) {
            if (offer.json().path("rentable").isBoolean()
                    && !offer.json().get("rentable").asBoolean()) {
                result.skip(SKIPPED_NOT_RENTABLE);
                continue;
            }
            Checked<PriceItem> item = mapper.map(offer.json(), now);
            if (!item.isOk()) {
                result.reject(item.toRejection(SOURCE, offer.json().toString(), offer.location()));
                continue;
            }
            // Several asks of one machine and GPU count (other disk or CPU shares) are one offer: a router
            // would take the cheapest.
            PriceItem previous = cheapest.get(item.value().key());
            if (previous == null || usdPerHour(item.value()) < usdPerHour(previous)) {
                cheapest.put(item.value().key(), item.value());
            }
            if (previous != null) {
                result.skip(SKIPPED_DEARER_ASK);
            }
        }
        cheapest.values().forEach(result::accept);
        return result;
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        headers.put("Content-Type", "application/json");
        config.apiKey().ifPresent(key -> headers.put("Authorization", "Bearer " + key));
        return headers;
    }

    private static double usdPerHour(PriceItem item) {
        return ((GpuPriceObservation) item.value()).getUsdPerHour();
    }
}
