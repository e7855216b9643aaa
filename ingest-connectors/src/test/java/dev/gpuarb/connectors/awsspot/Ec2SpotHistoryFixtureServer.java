package dev.gpuarb.connectors.awsspot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for the EC2 Query API's DescribeSpotPriceHistory: form-encoded POSTs in,
 * the service's XML out, newest first, paged by MaxResults and NextToken. Like the service, a
 * window also returns the price in effect at its start (the newest earlier event per zone and
 * instance type).
 */
final class Ec2SpotHistoryFixtureServer implements AutoCloseable {

    record Event(String zone, String instanceType, String product, String price, Instant at) {}

    private final HttpServer server;
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, String>> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failuresToServe = new AtomicInteger();
    private final Map<String, Boolean> failingRegions = new java.util.concurrent.ConcurrentHashMap<>();

    Ec2SpotHistoryFixtureServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void add(Event... more) {
        events.addAll(List.of(more));
    }

    /** The next {@code n} requests get a 503, as a throttled or briefly unavailable service would answer. */
    void failNext(int n) {
        failuresToServe.set(n);
    }

    /** Every request signed for {@code region} gets a 503 while {@code failing}; other regions are served. */
    void failRegion(String region, boolean failing) {
        failingRegions.put(region, failing);
    }

    List<Map<String, String>> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> form =
                parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(form);
        String region = signedRegion(exchange);
        if (failuresToServe.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                || (region != null && failingRegions.getOrDefault(region, false))) {
            respond(exchange, 503, error("Unavailable", "Service Unavailable"));
            return;
        }
        if (!"DescribeSpotPriceHistory".equals(form.get("Action"))) {
            respond(exchange, 400, error("InvalidAction", "unexpected action " + form.get("Action")));
            return;
        }
        List<Event> window = window(Instant.parse(form.get("StartTime")), Instant.parse(form.get("EndTime")), region);
        int from = Integer.parseInt(form.getOrDefault("NextToken", "0"));
        int size = Integer.parseInt(form.getOrDefault("MaxResults", "1000"));
        int to = Math.min(window.size(), from + size);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<DescribeSpotPriceHistoryResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n"
                + "  <requestId>4f8e2d1c-0000-4000-8000-fixture00001</requestId>\n  <spotPriceHistorySet>\n");
        for (Event e : window.subList(from, to)) {
            xml.append("    <item>\n      <instanceType>")
                    .append(e.instanceType())
                    .append("</instanceType>\n")
                    .append("      <productDescription>")
                    .append(e.product())
                    .append("</productDescription>\n")
                    .append("      <spotPrice>")
                    .append(e.price())
                    .append("</spotPrice>\n")
                    .append("      <timestamp>")
                    .append(e.at())
                    .append("</timestamp>\n")
                    .append("      <availabilityZone>")
                    .append(e.zone())
                    .append("</availabilityZone>\n")
                    .append("    </item>\n");
        }
        xml.append("  </spotPriceHistorySet>\n");
        xml.append(to < window.size() ? "  <nextToken>" + to + "</nextToken>\n" : "  <nextToken/>\n");
        xml.append("</DescribeSpotPriceHistoryResponse>\n");
        respond(exchange, 200, xml.toString());
    }

    /** The region of the request's SigV4 credential scope ({@code key/date/region/ec2/aws4_request}). */
    private static String signedRegion(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        int at = auth == null ? -1 : auth.indexOf("Credential=");
        if (at < 0) {
            return null;
        }
        String[] scope =
                auth.substring(at + "Credential=".length()).split("[,\\s]")[0].split("/");
        return scope.length >= 3 ? scope[2] : null;
    }

    /** The window's events in the region's zones (all zones when the region is unknown). */
    private List<Event> window(Instant start, Instant end, String region) {
        List<Event> all;
        synchronized (events) {
            all = new ArrayList<>(events);
        }
        all.removeIf(e -> region != null && !e.zone().startsWith(region));
        Map<String, Event> inEffect = new LinkedHashMap<>();
        List<Event> window = new ArrayList<>();
        for (Event e : all) {
            if (e.at().isBefore(start)) {
                inEffect.merge(
                        e.zone() + "|" + e.instanceType() + "|" + e.product(),
                        e,
                        (a, b) -> b.at().isAfter(a.at()) ? b : a);
            } else if (!e.at().isAfter(end)) {
                window.add(e);
            }
        }
        window.addAll(inEffect.values());
        window.sort(Comparator.comparing(Event::at).reversed());
        return window;
    }

    private static String error(String code, String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code + "</Code><Message>"
                + message + "</Message></Error></Errors><RequestID>fixture</RequestID></Response>";
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
