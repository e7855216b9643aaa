package dev.gpuarb.engines.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void picksDistinctBindablePortsBelowTheEphemeralRange() throws IOException {
        int ephemeralLow = FreePorts.ephemeralLow();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.pick();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            if (ephemeralLow - 1 > FreePorts.LOWEST) {
                assertThat(port).isBetween(FreePorts.LOWEST, ephemeralLow - 1);
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(s.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void aPortTheKernelHandsToAnotherSocketIsNeverPicked() throws IOException {
        // Sockets bound to port 0 get ephemeral ports: none of them may come out of pick() (where the
        // ephemeral range leaves room below it; the test runs where it does not too, as a bind check).
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 50; i++) {
                assertThat(FreePorts.pick()).isNotEqualTo(other.getLocalPort());
            }
        }
    }
}
