package dev.gpuarb.connectors.core;

import dev.gpuarb.vocab.RejectReason;
import java.net.URI;

/** A redirect or paging link to an origin the connector may not fetch from; it was not followed. */
public final class RefusedLinkException extends RefusedFetchException {

    private final String from;
    private final String link;

    public RefusedLinkException(String what, URI from, String link) {
        // The link comes from the provider: bounded, like any excerpt, before it goes into a message.
        super(what + " from " + from + " to " + Rejection.excerpt(link) + " not followed: only "
                + LinkPolicy.origin(from) + " and the origins in " + CommonSourceConfig.HTTP_ALLOWED_ORIGINS
                + " are fetched");
        this.from = from.toString();
        this.link = link;
    }

    @Override
    public Rejection toRejection(String source) {
        return new Rejection(source, RejectReason.REFUSED_LINK, getMessage(), link, from);
    }
}
