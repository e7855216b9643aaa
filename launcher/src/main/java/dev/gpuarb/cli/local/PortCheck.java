package dev.gpuarb.cli.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Fails early, with the option to change, when a port of the local run is already taken. */
final class PortCheck {

    private PortCheck() {}

    static void requireFree(int port, String what, String option) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException(what + " port 127.0.0.1:" + port + " is already in use (another gpuarb "
                    + "or " + what + " running?); stop it or choose another with " + option);
        }
    }
}
