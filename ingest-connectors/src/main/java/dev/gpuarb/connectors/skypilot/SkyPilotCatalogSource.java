package dev.gpuarb.connectors.skypilot;

import dev.gpuarb.connectors.core.DocumentFetcher;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.RefusedFetchException;
import dev.gpuarb.connectors.core.SnapshotSource;
import dev.gpuarb.connectors.core.SourceContext;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** Polls one or more catalog CSVs and sends changed GPU prices. */
public final class SkyPilotCatalogSource extends SnapshotSource {

    private final SkyPilotCatalogConfig config;
    private final SkyPilotCatalogParser parser;
    private final DocumentFetcher documents;
    private final Clock clock;

    public SkyPilotCatalogSource(SkyPilotCatalogConfig config, SourceContext context) {
        super(SkyPilotCatalogParser.SOURCE, context);
        this.config = config;
        this.parser =
                new SkyPilotCatalogParser(config.currencyRates(), config.priceLimits(), config.marketplaceProviders());
        this.documents = context.documents();
        this.clock = context.clock();
    }

    @Override
    protected ParseResult readSnapshot() throws Exception {
        ParseResult all = new ParseResult();
        for (int i = 0; i < config.locations().size(); i++) {
            String location = config.locations().get(i);
            try {
                byte[] body = documents.fetch(location);
                all.addAll(parser.parse(
                        new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8),
                        config.provider(i),
                        location,
                        clock.instant()));
            } catch (RefusedFetchException e) {
                all.reject(e.toRejection(SkyPilotCatalogParser.SOURCE));
                all.markIncomplete();
            }
        }
        return all;
    }
}
