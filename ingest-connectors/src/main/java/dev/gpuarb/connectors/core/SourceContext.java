package dev.gpuarb.connectors.core;

import java.time.Clock;
import java.util.Random;

/** What a task gives its source: shared config, metrics, clock and an HTTP client set up from the config. */
public record SourceContext(CommonSourceConfig common, TaskMetrics metrics, Clock clock, HttpFetcher http) {

    public static SourceContext of(CommonSourceConfig common, TaskMetrics metrics, Clock clock) {
        HttpFetcher http = new HttpFetcher(common.httpSettings(), Sleeper.SYSTEM, new Random(), clock);
        return new SourceContext(common, metrics, clock, http);
    }

    public DocumentFetcher documents() {
        return new DocumentFetcher(http, common.httpSettings().maxResponseBytes());
    }
}
