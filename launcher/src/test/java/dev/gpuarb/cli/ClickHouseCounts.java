package dev.gpuarb.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A count from ClickHouse's HTTP interface, queried as a user would with curl, polled until it is positive. */
public final class ClickHouseCounts {

    private ClickHouseCounts() {}

    /**
     * Polls {@code sql} (a single count) every second as user {@code default} with {@code password};
     * fails with the last answer after {@code timeout}.
     */
    public static long awaitPositive(String clickhouseUrl, String password, String sql, Duration timeout)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> resp = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    clickhouseUrl + "/?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                            .header("X-ClickHouse-User", "default")
                            .header("X-ClickHouse-Key", password)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            last = resp.statusCode() + " " + resp.body().trim();
            if (resp.statusCode() == 200 && Long.parseLong(resp.body().trim()) > 0) {
                return Long.parseLong(resp.body().trim());
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("nothing in ClickHouse within " + timeout + " for " + sql + ": " + last);
    }

    /** The HTTP status of one query as user {@code default} with {@code password}. */
    public static int status(String clickhouseUrl, String password, String sql) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        clickhouseUrl + "/?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                                .header("X-ClickHouse-User", "default")
                                .header("X-ClickHouse-Key", password)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
