package dev.gpuarb.streams.api.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.streams.api.http.Exchange;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events for the live page. The stores are read by interactive queries, about once a
 * second, on a thread of this feed and only while someone is watching; each read is compared with the
 * previous one and only what changed goes out. A newly connected page first gets the whole state
 * ({@code snapshot}), then {@code update} events, and a keep-alive comment when nothing happens.
 * Kafka Streams' own threads are never involved: the topology has no listener hooks, and polling
 * keeps it that way.
 */
public final class LiveFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Callable<LiveState> reader;
    private final Supplier<String> streamsState;
    private final LiveOptions options;
    private final Duration writeTimeout;
    /** Slots in use, in all and per client address; guarded by this. */
    private int inUse;

    private final Map<String, Integer> perAddress = new HashMap<>();
    private final List<LiveClient> clients = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller;
    private final ExecutorService writers;
    /** Last state sent; touched only on the poller thread. Null while nobody watches. */
    private LiveState current;

    private String lastProblem;

    /** The write timeout bounds how long a browser may take no bytes before its stream is closed. */
    public LiveFeed(
            Callable<LiveState> reader, Supplier<String> streamsState, LiveOptions options, Duration writeTimeout) {
        this.reader = reader;
        this.streamsState = streamsState;
        this.options = options;
        this.writeTimeout = writeTimeout;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "gpuarb-live-poll"));
        this.writers = Executors.newCachedThreadPool(r -> daemon(r, "gpuarb-live-client"));
        long every = options.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Takes over the exchange as an event stream, or answers 503 when all slots, or all slots one address
     * may take, are in use. Returns at once: the stream is written by a thread of the feed, so the HTTP
     * server's threads stay free.
     */
    public boolean subscribe(Exchange exchange) {
        String address = exchange.remoteAddress();
        String refusal = takeSlot(address);
        if (refusal != null) {
            exchange.setHeader("Retry-After", "10");
            exchange.send(503, "application/json", "{\"error\":\"" + refusal + "; retry later\"}");
            return false;
        }
        LiveClient[] self = new LiveClient[1];
        LiveClient client = new LiveClient(exchange, options, writeTimeout, () -> {
            clients.remove(self[0]);
            releaseSlot(address);
        });
        self[0] = client;
        try {
            exchange.setHeader("Content-Type", "text/event-stream; charset=utf-8");
            exchange.setHeader("Cache-Control", "no-cache");
            exchange.setHeader("X-Accel-Buffering", "no"); // nginx: do not buffer the stream
            // Keep-alives keep the stream busy; only a stalled write should end it.
            exchange.idleTimeout(writeTimeout.plus(options.heartbeatInterval()));
            exchange.startStream(200, writeTimeout);
            writers.execute(client);
            poller.execute(() -> welcome(client));
        } catch (IOException e) {
            client.close(); // the browser went away before its stream began; nothing to answer
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return true;
    }

    /** Null when a slot was taken for the address, else why not. */
    private synchronized String takeSlot(String address) {
        if (inUse >= options.maxClients()) {
            return "too many live clients";
        }
        int ofAddress = perAddress.getOrDefault(address, 0);
        if (ofAddress >= options.maxClientsPerAddress()) {
            return "too many live clients from one address";
        }
        inUse++;
        perAddress.put(address, ofAddress + 1);
        return null;
    }

    private synchronized void releaseSlot(String address) {
        inUse--;
        perAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
    }

    /** Browsers following the stream now. */
    public int clientCount() {
        return clients.size();
    }

    private void welcome(LiveClient client) {
        if (client.isClosed()) {
            return;
        }
        if (current == null) {
            current = readOrNull();
            if (current == null) {
                current = LiveState.empty();
            }
        }
        Map<String, Object> body = envelope();
        body.putAll(current.asSnapshot());
        if (client.offer(event("snapshot", body))) {
            clients.add(client);
            if (client.isClosed()) { // closed between the offer and the add
                clients.remove(client);
            }
        }
    }

    private void tick() {
        if (clients.isEmpty()) {
            current = null; // read afresh for the next page that connects
            return;
        }
        LiveState next = readOrNull();
        if (next == null) {
            return;
        }
        Map<String, Object> changes = next.changesSince(current);
        current = next;
        if (!changes.isEmpty()) {
            Map<String, Object> body = envelope();
            body.putAll(changes);
            broadcast(event("update", body));
        }
    }

    /** The stores, or null when they cannot be read now (rebalancing, a peer down): the page is told why. */
    private LiveState readOrNull() {
        try {
            LiveState state = reader.call();
            if (lastProblem != null) {
                lastProblem = null;
                broadcast(event("status", envelope()));
            }
            return state;
        } catch (Exception e) {
            String problem = describe(e);
            if (!problem.equals(lastProblem)) {
                lastProblem = problem;
                LOG.info("live feed: state not readable now: {}", e.toString());
                broadcast(event("status", envelope()));
            }
            return null;
        }
    }

    /** What the page is told: the kind of problem, never the exception's text (addresses, store names). */
    private static String describe(Exception e) {
        return e instanceof InvalidStateStoreException
                ? "the state stores are moving between instances (rebalancing)"
                : "the state or another instance could not be read; the application log says why";
    }

    private Map<String, Object> envelope() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", Instant.now().toString());
        body.put("state", streamsState.get());
        body.put("problem", lastProblem);
        return body;
    }

    private void broadcast(String event) {
        clients.forEach(c -> c.offer(event));
    }

    private static String event(String type, Map<String, Object> body) {
        try {
            // Jackson writes JSON on one line, so one data: line carries it.
            return "event: " + type + "\ndata: " + JSON.writeValueAsString(body) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("live event not serialisable", e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        clients.forEach(LiveClient::close);
        writers.shutdownNow();
        try {
            writers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
