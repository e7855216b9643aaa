package dev.gpuarb.engines.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for engines that need a port number before they bind (KRaft's
 * controller.quorum.voters, the registry's HTTP port). The port is released before use, so something
 * else could take it in between. Ports are therefore drawn at random from below the kernel's
 * ephemeral range: a port there is never handed to a socket bound to port 0 or to an outgoing
 * connection (which is how a picked port was once lost to another engine of the same run), and the
 * same port is never handed out twice by one JVM.
 */
public final class FreePorts {

    /** Lowest port drawn: above the well-known and the usual service ports. */
    static final int LOWEST = 15_000;

    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    public static int pick() {
        int below = ephemeralLow() - 1;
        // Where the ephemeral range leaves no room below it, any port may collide; a random one rarely does.
        int highest = below > LOWEST ? below : 65_535;
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        // Nearly everything taken: let the kernel choose, still never the same port twice.
        for (int i = 0; i < ATTEMPTS; i++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
        }
        throw new IllegalStateException("no free loopback port left that was not handed out already");
    }

    /** {@code port} unless it is 0, then a free one. */
    public static int orPick(int port) {
        return port == 0 ? pick() : port;
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range (Linux), or the IANA range's 49152 elsewhere. */
    static int ephemeralLow() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim()
                    .split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 49_152;
        }
    }
}
