package dev.gpuarb.cli.economics;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one query over ClickHouse's HTTP interface and reads the answer as TabSeparatedWithNames.
 * Plain HTTP keeps the command free of a client library and works with any ClickHouse server.
 */
final class ClickHouseHttp {

    /** ClickHouse could not be reached at all. */
    static final class UnreachableException extends Exception {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** ClickHouse answered with an error. */
    static final class QueryException extends Exception {
        QueryException(String message) {
            super(message);
        }
    }

    private final String url;
    private final String database;
    private final String user;
    private final String password;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ClickHouseHttp(String url, String database, String user, String password) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    String url() {
        return url;
    }

    Table query(String sql) throws UnreachableException, QueryException, InterruptedException {
        URI uri;
        try {
            uri = URI.create(url + "/?database=" + URLEncoder.encode(database, StandardCharsets.UTF_8)
                    + "&default_format=TabSeparatedWithNames");
        } catch (IllegalArgumentException e) {
            throw new UnreachableException("not a URL: " + url, e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("X-ClickHouse-User", user)
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8));
        if (!password.isEmpty()) {
            request.header("X-ClickHouse-Key", password);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new UnreachableException(
                    "cannot reach ClickHouse at " + url + " ("
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                            + "); is the local run up (./gpuarb up), or pass --clickhouse-url",
                    e);
        }
        if (response.statusCode() != 200) {
            String body = response.body().strip();
            throw new QueryException("ClickHouse at " + url + " refused the query (HTTP " + response.statusCode()
                    + "): " + (body.length() > 600 ? body.substring(0, 600) + "..." : body));
        }
        return parse(response.body());
    }

    static Table parse(String tsv) {
        List<String> lines = tsv.lines().toList();
        if (lines.isEmpty()) {
            return new Table(List.of(), List.of());
        }
        List<String> header = fields(lines.get(0));
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(fields(line));
        }
        return new Table(header, rows);
    }

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        for (String raw : line.split("\t", -1)) {
            out.add(raw.equals("\\N") ? "" : unescape(raw));
        }
        return out;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(
                        switch (n) {
                            case 't' -> '\t';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case '0' -> '\0';
                            default -> n;
                        });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
