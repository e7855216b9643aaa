package dev.gpuarb.streams.api.live;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One browser following the event stream. Events queue up (bounded) and a thread of its own writes
 * them, so a slow or vanished browser never holds up the feed or the others: a full queue or a failed
 * write ends the connection, and the browser's EventSource reconnects and gets a fresh snapshot.
 */
final class LiveClient implements Runnable {

    private static final String KEEP_ALIVE = ": keep-alive\n\n";
    private static final String CLOSE = "";

    private final HttpExchange exchange;
    private final BlockingQueue<String> queue;
    private final Duration heartbeat;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    LiveClient(HttpExchange exchange, LiveOptions options, Runnable onClose) {
        this.exchange = exchange;
        this.queue = new ArrayBlockingQueue<>(options.queuedEventsPerClient());
        this.heartbeat = options.heartbeatInterval();
        this.onClose = onClose;
    }

    /** Queues one event; false (and the connection ends) when the browser is too far behind. */
    boolean offer(String event) {
        if (closed.get()) {
            return false;
        }
        if (!queue.offer(event)) {
            close();
            return false;
        }
        return true;
    }

    @Override
    public void run() {
        try (OutputStream out = exchange.getResponseBody()) {
            // Tells EventSource how long to wait before reconnecting after the stream ends.
            write(out, "retry: 3000\n\n");
            while (!closed.get()) {
                String event = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (event == CLOSE) { // identity: the marker queued by close()
                    break;
                }
                write(out, event == null ? KEEP_ALIVE : event);
            }
        } catch (IOException e) {
            // The browser went away; nothing to report.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
            exchange.close();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Ends the connection; the writing thread finishes and the slot is given back. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            queue.offer(CLOSE);
            onClose.run();
        }
    }

    boolean isClosed() {
        return closed.get();
    }
}
