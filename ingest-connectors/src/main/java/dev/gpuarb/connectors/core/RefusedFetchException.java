package dev.gpuarb.connectors.core;

import java.io.IOException;

/**
 * A fetch the connector refused on purpose (a body above the size cap, a redirect or paging link to
 * another host): not retried, and reported as a rejection of the document it was for.
 */
public abstract class RefusedFetchException extends IOException {

    protected RefusedFetchException(String message) {
        super(message);
    }

    public abstract Rejection toRejection(String source);
}
