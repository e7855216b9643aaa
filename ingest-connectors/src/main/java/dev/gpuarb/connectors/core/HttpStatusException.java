package dev.gpuarb.connectors.core;

import java.io.IOException;

/** A response status that retrying will not fix (4xx other than 429), or retries ran out. */
public final class HttpStatusException extends IOException {

    private final int status;

    public HttpStatusException(String uri, int status, String bodyHead) {
        super("HTTP " + status + " from " + uri + (bodyHead.isEmpty() ? "" : ": " + bodyHead));
        this.status = status;
    }

    public int status() {
        return status;
    }
}
