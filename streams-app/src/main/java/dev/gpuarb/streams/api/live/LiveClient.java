package dev.gpuarb.streams.api.live;

import dev.gpuarb.streams.api.http.Exchange;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One browser following the event stream. Events queue up (bounded) and a thread of its own writes
 * them, so a slow or vanished browser never holds up the feed or the others. A full queue, a failed
 * write, or a write the browser does not take within the write timeout ends the stream: its connection
 * is closed at once, so the writing thread is free as soon as the slot is, and the browser's EventSource
 * reconnects and gets a fresh snapshot.
 */
final class LiveClient implements Runnable {

    private static final String KEEP_ALIVE = ": keep-alive\n\n";
    private static final String CLOSE = "";

    private final Exchange exchange;
    private final BlockingQueue<String> queue;
    private final Duration heartbeat;
    private final Duration writeTimeout;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    LiveClient(Exchange exchange, LiveOptions options, Duration writeTimeout, Runnable onClose) {
        this.exchange = exchange;
        this.queue = new ArrayBlockingQueue<>(options.queuedEventsPerClient());
        this.heartbeat = options.heartbeatInterval();
        this.writeTimeout = writeTimeout;
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
        try {
            // Tells EventSource how long to wait before reconnecting after the stream ends.
            exchange.write("retry: 3000\n\n", writeTimeout);
            while (!closed.get()) {
                String event = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (event == CLOSE) { // identity: the marker queued by close()
                    break;
                }
                exchange.write(event == null ? KEEP_ALIVE : event, writeTimeout);
            }
        } catch (IOException e) {
            // The browser went away, or stopped reading; nothing to report.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    /** Ends the stream: the connection is closed (a blocked write fails), the slot is given back. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            queue.offer(CLOSE);
            exchange.abort();
            onClose.run();
        }
    }

    boolean isClosed() {
        return closed.get();
    }
}
