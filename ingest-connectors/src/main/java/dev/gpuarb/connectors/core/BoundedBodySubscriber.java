package dev.gpuarb.connectors.core;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a size cap without blocking a reader thread, so the caller can
 * give up on a body that trickles in at its deadline ({@link #abort}) instead of waiting on a read
 * that has no timeout. Above the cap it either fails (a price document: RESPONSE_TOO_LARGE) or keeps
 * the beginning and stops reading (an error body, of which only the start is shown).
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    private final long cap;
    private final boolean truncate;
    private final String location;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private boolean done;

    private BoundedBodySubscriber(long cap, boolean truncate, String location) {
        this.cap = cap;
        this.truncate = truncate;
        this.location = location;
    }

    /** The whole body, or ResponseTooLargeException above {@code cap}. */
    static BoundedBodySubscriber failingAbove(long cap, String location) {
        return new BoundedBodySubscriber(cap, false, location);
    }

    /** At most the first {@code cap} bytes. */
    static BoundedBodySubscriber truncatedTo(long cap, String location) {
        return new BoundedBodySubscriber(cap, true, location);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (done) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            if (done) {
                return;
            }
            int room = (int) Math.min(Integer.MAX_VALUE, cap - bytes.size());
            int n = buffer.remaining();
            byte[] chunk = new byte[Math.min(n, room + 1)];
            buffer.get(chunk);
            if (chunk.length <= room) {
                bytes.write(chunk, 0, chunk.length);
                continue;
            }
            if (truncate) {
                bytes.write(chunk, 0, room);
                finish(null);
            } else {
                bytes.write(chunk, 0, chunk.length);
                finish(BoundedBodies.tooLarge(bytes.toByteArray(), cap, location));
            }
        }
        if (!done && truncate && bytes.size() >= cap) {
            finish(null);
        }
    }

    @Override
    public synchronized void onError(Throwable error) {
        if (!done) {
            done = true;
            body.completeExceptionally(error);
        }
    }

    @Override
    public synchronized void onComplete() {
        if (!done) {
            done = true;
            body.complete(bytes.toByteArray());
        }
    }

    /** Stops reading (the deadline passed): the connection is dropped rather than drained. */
    synchronized void abort(String why) {
        finish(new HttpTimeoutException(why));
    }

    private void finish(Exception error) {
        if (done) {
            return;
        }
        done = true;
        if (subscription != null) {
            subscription.cancel();
        }
        if (error == null) {
            body.complete(bytes.toByteArray());
        } else {
            body.completeExceptionally(error);
        }
    }
}
