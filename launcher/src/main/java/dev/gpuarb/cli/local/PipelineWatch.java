package dev.gpuarb.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Watches the parts of a local run and names the first one that has failed, with what to do
 * about it. A part counts as failed when it is in a state it does not leave by itself (Kafka
 * Streams in ERROR, a connector task FAILED, an engine process gone), or when a probe fails
 * {@link #STRIKES} times in a row (a busy machine may miss one probe).
 */
public final class PipelineWatch {

    /** Consecutive failed probes before a part that may only be slow counts as failed. */
    static final int STRIKES = 3;

    /** A failed part: what failed, how, and what the user can do. */
    public record Failure(String part, String what, String advice) {
        public String describe() {
            return part + " failed: " + what + "\n  " + advice;
        }
    }

    /** One probe: empty while the part is fine; {@code definite} when the failure is final at once. */
    record Probe(String part, Supplier<Optional<Finding>> check) {}

    record Finding(String what, String advice, boolean definite) {}

    private final Map<String, Probe> probes = new LinkedHashMap<>();
    private final Map<String, Integer> strikes = new LinkedHashMap<>();

    PipelineWatch add(String part, Supplier<Optional<Finding>> check) {
        probes.put(part, new Probe(part, check));
        return this;
    }

    /** Runs every probe once; the first failed part, if any. */
    public Optional<Failure> check() {
        for (Probe probe : probes.values()) {
            Optional<Finding> finding;
            try {
                finding = probe.check().get();
            } catch (RuntimeException e) {
                finding = Optional.of(new Finding("cannot be reached: " + e.getMessage(), "", false));
            }
            if (finding.isEmpty()) {
                strikes.remove(probe.part());
                continue;
            }
            int count = strikes.merge(probe.part(), 1, Integer::sum);
            if (finding.get().definite() || count >= STRIKES) {
                return Optional.of(new Failure(
                        probe.part(), finding.get().what(), finding.get().advice()));
            }
        }
        return Optional.empty();
    }

    static Optional<Finding> ok() {
        return Optional.empty();
    }

    static Optional<Finding> failed(String what, String advice) {
        return Optional.of(new Finding(what, advice, true));
    }

    static Optional<Finding> missed(String what, String advice) {
        return Optional.of(new Finding(what, advice, false));
    }

    /** A connector's status from the Connect REST API: FAILED connector or task is final. */
    static Optional<Finding> connector(String name, JsonNode status, String advice) {
        if (status == null) {
            return missed("connector " + name + " is not registered", advice);
        }
        if ("FAILED".equals(status.path("connector").path("state").asText())) {
            return failed(
                    "connector " + name + " FAILED: "
                            + firstLine(status.path("connector").path("trace").asText()),
                    advice);
        }
        for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                return failed(
                        "connector " + name + " task " + task.path("id").asText() + " FAILED: "
                                + firstLine(task.path("trace").asText()),
                        advice);
            }
        }
        return ok();
    }

    /** An HTTP GET that must answer 2xx within a few seconds (e.g. ClickHouse's /ping). */
    static Optional<Finding> answers(HttpClient http, String url, String advice) {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2
                    ? ok()
                    : missed(url + " answered HTTP " + response.statusCode(), advice);
        } catch (java.io.IOException e) {
            return missed(url + " does not answer: " + e, advice);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ok();
        }
    }

    private static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "(no trace)";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
