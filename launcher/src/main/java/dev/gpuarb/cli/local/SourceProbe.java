package dev.gpuarb.cli.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tries, once before the run starts, whether each public source's address answers at all, so that
 * the run can say which sources it will not hear from and fall back to the simulator when none
 * answers (offline). Any HTTP answer counts, even an error status: the host is reachable and the
 * connector, which retries with backoff, reports what it gets. A HEAD request, so that nothing large
 * is downloaded twice.
 */
final class SourceProbe {

    /** What the probe found: whether the address answered, and what to tell the user. */
    record Result(boolean answered, String detail) {}

    private SourceProbe() {}

    /** Probes every source's first address in parallel; each gets at most {@code timeout}. */
    static Map<LocalSource, Result> probe(Map<LocalSource, Map<String, String>> configs, Duration timeout) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        Map<LocalSource, CompletableFuture<Result>> pending = new LinkedHashMap<>();
        configs.forEach((source, config) -> pending.put(source, probe(http, address(source, config), timeout)));
        Map<LocalSource, Result> results = new LinkedHashMap<>();
        pending.forEach((source, future) -> {
            Result result;
            try {
                result = future.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                result = new Result(false, "no answer within " + timeout.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result = new Result(false, "interrupted");
            } catch (ExecutionException e) {
                result = new Result(false, describe(e.getCause()));
            }
            results.put(source, result);
        });
        return results;
    }

    /** The address a source reads first: the first of its URLs, OpenRouter's model list. */
    static String address(LocalSource source, Map<String, String> config) {
        // Parsed by the connector's own definition: its default when unset, a list or a single URL.
        Object value = source.configDef().parse(config).get(source.addressKey().orElseThrow());
        String first = (value instanceof List<?> list
                        ? (list.isEmpty() ? "" : String.valueOf(list.get(0)))
                        : String.valueOf(value).split(",")[0])
                .trim();
        return source == LocalSource.OPENROUTER ? first.replaceAll("/+$", "") + "/models" : first;
    }

    private static CompletableFuture<Result> probe(HttpClient http, String address, Duration timeout) {
        URI uri;
        try {
            uri = URI.create(address);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Result(false, "not a URL or path: " + address));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            Path file = scheme.equals("file") ? Path.of(uri) : Path.of(address);
            return CompletableFuture.completedFuture(
                    Files.isReadable(file)
                            ? new Result(true, "file " + file)
                            : new Result(false, "cannot read file " + file));
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> new Result(true, "HTTP " + response.statusCode() + " from " + uri.getHost()))
                .exceptionally(e -> new Result(false, uri.getHost() + ": " + describe(e)));
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        String kind = cause.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message;
    }
}
