package dev.gpuarb.connectors.core;

import dev.gpuarb.vocab.RejectReason;

/** A body above the size cap. Carries its beginning so the rejection shows what it was. */
public final class ResponseTooLargeException extends RefusedFetchException {

    private final String location;
    private final String head;

    public ResponseTooLargeException(String location, long limitBytes, String head) {
        super(location + " is larger than the cap of " + limitBytes + " bytes");
        this.location = location;
        this.head = head;
    }

    public String location() {
        return location;
    }

    public String head() {
        return head;
    }

    @Override
    public Rejection toRejection(String source) {
        return new Rejection(source, RejectReason.RESPONSE_TOO_LARGE, getMessage(), head, location);
    }
}
