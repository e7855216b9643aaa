package dev.gpuarb.streams.api.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;

/**
 * One request being answered, over Jetty's request, response and completion callback: either a whole
 * response at once ({@link #send}, written without holding a thread), or a stream ({@link #startStream},
 * {@link #write}) that a thread of the caller's writes with a deadline and that {@link #abort} ends by
 * closing the connection.
 */
public final class Exchange {

    private final Request request;
    private final Response response;
    private final Callback done;
    private final IntConsumer onStatus;
    private final AtomicBoolean completed = new AtomicBoolean();
    private final AtomicBoolean statusReported = new AtomicBoolean();

    /** {@code onStatus} hears the answer's status once, before its first byte leaves (see {@link #reportStatus}). */
    public Exchange(Request request, Response response, Callback done, IntConsumer onStatus) {
        this.request = request;
        this.response = response;
        this.done = done;
        this.onStatus = onStatus;
    }

    /**
     * Reports the status once; later calls do nothing. Whole responses report it before they are written,
     * so a client that has its answer sees it counted (a scrape right after a request includes it).
     */
    public void reportStatus(int status) {
        if (statusReported.compareAndSet(false, true)) {
            onStatus.accept(status);
        }
    }

    public String method() {
        return request.getMethod();
    }

    /** The path as sent (still percent-encoded). */
    public String rawPath() {
        String path = request.getHttpURI().getPath();
        return path == null ? "/" : path;
    }

    /** The query as sent (still percent-encoded), or null. */
    public String rawQuery() {
        return request.getHttpURI().getQuery();
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    public List<String> headers(String name) {
        return request.getHeaders().getValuesList(name);
    }

    /** The client's IP address (the proxy's, behind a proxy). */
    public String remoteAddress() {
        return Request.getRemoteAddr(request);
    }

    public void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    public void addHeader(String name, String value) {
        response.getHeaders().add(name, value);
    }

    public boolean committed() {
        return response.isCommitted();
    }

    /** Answers with the whole body; returns the status. Jetty writes it without holding the caller's thread. */
    public int send(int status, String contentType, String body) {
        return send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public int send(int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        reportStatus(status);
        if (completed.compareAndSet(false, true)) {
            response.write(true, ByteBuffer.wrap(body), done);
        }
        return status;
    }

    /** How long this connection may carry no byte either way before Jetty closes it (a stream's own keep-alives count). */
    public void idleTimeout(Duration timeout) {
        request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(timeout.toMillis());
    }

    /** Sends the status and headers of a response whose body follows in {@link #write}s, with no length. */
    public void startStream(int status, Duration deadline) throws IOException {
        response.setStatus(status);
        await(ByteBuffer.allocate(0), deadline);
    }

    /**
     * Writes part of a streamed body and waits until it is written, at most the deadline: a client that
     * stops reading fills the socket's buffers, and then the write fails instead of waiting forever.
     */
    public void write(String text, Duration deadline) throws IOException {
        await(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), deadline);
    }

    private void await(ByteBuffer bytes, Duration deadline) throws IOException {
        if (completed.get()) {
            throw new IOException("stream already ended");
        }
        FutureCallback written = new FutureCallback();
        response.write(false, bytes, written);
        try {
            written.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abort();
            throw new IOException("client read nothing for " + deadline);
        } catch (ExecutionException e) {
            throw new IOException("stream write failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new IOException("interrupted while writing");
        }
    }

    /** Ends a stream by closing its connection at once: a write in progress fails and its thread is free. */
    public void abort() {
        request.getConnectionMetaData().getConnection().getEndPoint().close();
        if (completed.compareAndSet(false, true)) {
            done.failed(new IOException("stream closed by the server"));
        }
    }

    /** Fails the exchange without an answer of ours (the connection is closed). */
    public void fail(Throwable cause) {
        if (completed.compareAndSet(false, true)) {
            done.failed(cause);
        }
    }
}
