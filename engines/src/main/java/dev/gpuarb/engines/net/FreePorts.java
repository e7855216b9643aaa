package dev.gpuarb.engines.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free loopback ports for engines that need a port number before they bind (KRaft's
 * controller.quorum.voters, the registry's HTTP port). The port is released before use, so another
 * process could take it in between; on a single test machine that race is rare and surfaces as a
 * clear bind error rather than silent misbehaviour.
 */
public final class FreePorts {

    private FreePorts() {
    }

    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** {@code port} unless it is 0, then a free one. */
    public static int orPick(int port) {
        return port == 0 ? pick() : port;
    }
}
