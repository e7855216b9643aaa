package dev.gpuarb.connectors.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server whose every answer is a 200 that promises a large body and then sends one
 * byte per interval for as long as the client stays: a response that never ends but never stalls
 * long enough for a read timeout between bytes.
 */
public final class TricklingHttpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Duration interval;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public TricklingHttpServer(Duration interval) throws IOException {
        this.interval = interval;
        this.socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.acceptor = new Thread(this::accept, "trickling-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + pathAndQuery);
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Connections still being trickled to (the client has not gone away). */
    public int open() {
        return open.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                clients.add(client);
                Thread t = new Thread(() -> trickle(client), "trickling-http-" + connections.get());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void trickle(Socket client) {
        open.incrementAndGet();
        try (client;
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream()) {
            readRequestHead(in);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (true) {
                Thread.sleep(interval.toMillis());
                out.write(' ');
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server closed
        } finally {
            open.decrementAndGet();
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < end.length && (b = in.read()) != -1) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
