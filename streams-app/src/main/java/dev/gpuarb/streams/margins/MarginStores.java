package dev.gpuarb.streams.margins;

/** Names of the margin stage's state stores. */
public final class MarginStores {

    /** taskType -> the open TaskQuote. */
    public static final String QUOTES = "margin-open-quotes";
    /** routeId -> the route's latest RouteUpdate. */
    public static final String ROUTES = "margin-routes";
    /** taskType -> the last MarginEvent emitted. */
    public static final String LATEST = "margin-latest";

    private MarginStores() {}
}
