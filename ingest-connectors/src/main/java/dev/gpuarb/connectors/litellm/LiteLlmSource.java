package dev.gpuarb.connectors.litellm;

import dev.gpuarb.connectors.core.DocumentFetcher;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.RefusedFetchException;
import dev.gpuarb.connectors.core.SnapshotSource;
import dev.gpuarb.connectors.core.SourceContext;
import java.time.Clock;

/** Polls LiteLLM price files and sends changed token prices. */
public final class LiteLlmSource extends SnapshotSource {

    private final LiteLlmConfig config;
    private final LiteLlmPriceParser parser;
    private final DocumentFetcher documents;
    private final Clock clock;

    public LiteLlmSource(LiteLlmConfig config, SourceContext context) {
        super(LiteLlmPriceParser.SOURCE, context);
        this.config = config;
        this.parser = new LiteLlmPriceParser(config.modes(), config.priceLimits());
        this.documents = context.documents();
        this.clock = context.clock();
    }

    @Override
    protected ParseResult readSnapshot() throws Exception {
        ParseResult all = new ParseResult();
        for (String location : config.locations()) {
            try {
                all.addAll(parser.parse(documents.fetch(location), location, clock.instant()));
            } catch (RefusedFetchException e) {
                all.reject(e.toRejection(LiteLlmPriceParser.SOURCE));
                all.markIncomplete();
            }
        }
        return all;
    }
}
