package dev.gpuarb.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gpuarb status}: which parts of a local run answer. Exit 0 when all do, 1 otherwise. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show which parts of the local run are up (reads the state directory's endpoints).")
final class StatusCommand implements Callable<Integer> {

    @Option(names = "--state-dir", description = "State directory (default: $GPUARB_STATE_DIR or ./.gpuarb).")
    Path stateDir;

    @Override
    public Integer call() throws IOException {
        Path dir = stateDir != null ? stateDir.toAbsolutePath().normalize() : StateDir.defaultLocation();
        Path file = dir.resolve("endpoints.properties");
        if (!Files.isRegularFile(file)) {
            System.out.println("gpuarb status: no local run in " + dir + " (start one with: ./gpuarb up)");
            return 1;
        }
        Properties endpoints = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            endpoints.load(in);
        }
        boolean allUp = true;
        for (String name : endpoints.stringPropertyNames().stream().sorted().toList()) {
            String url = endpoints.getProperty(name);
            boolean up = answers(url);
            allUp &= up;
            System.out.printf("  %-16s %-4s %s%n", name.replace('_', ' '), up ? "up" : "DOWN", url);
        }
        return allUp ? 0 : 1;
    }

    private static boolean answers(String endpoint) {
        String hostPort = endpoint.contains("://") ? URI.create(endpoint).getAuthority() : endpoint;
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 1000);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
