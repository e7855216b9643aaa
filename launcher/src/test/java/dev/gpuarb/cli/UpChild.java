package dev.gpuarb.cli;

import dev.gpuarb.engines.UnitTier;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The CLI in a child JVM, its output collected line by line. */
final class UpChild {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final StringBuffer all = new StringBuffer();

    private UpChild(Process process) {
        this.process = process;
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            all.append(line).append('\n');
                            lines.add(line);
                        }
                    } catch (java.io.IOException ignored) {
                        // process ended
                    }
                },
                "child-output");
        reader.setDaemon(true);
        reader.start();
    }

    static UpChild start(List<String> args, Path state) throws Exception {
        UnitTier.refuse("gpuarb up in a child JVM");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dgpuarb.log.dir=" + state.resolve("logs"),
                "-cp",
                System.getProperty("java.class.path"),
                GpuarbCli.class.getName()));
        cmd.addAll(args);
        return new UpChild(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    String awaitLine(java.util.function.Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && wanted.test(line)) {
                return line;
            }
            if (line == null && !process.isAlive()) {
                break;
            }
        }
        throw new AssertionError("expected line not seen within " + timeout + "; output:\n" + output());
    }

    void interrupt() throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
    }

    String output() {
        return all.toString();
    }

    void kill() throws InterruptedException {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
