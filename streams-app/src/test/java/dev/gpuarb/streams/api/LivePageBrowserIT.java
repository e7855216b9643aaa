package dev.gpuarb.streams.api;

import static dev.gpuarb.streams.Fixtures.gpu;
import static dev.gpuarb.streams.Fixtures.gpuPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import dev.gpuarb.topics.Topic;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page in a real browser: headless Chromium opens the page of the running application (real
 * topology, broker and registry), which renders the routes, spreads and bids the pipeline computed
 * from produced prices and policies, with the charts (route trails, cheapest price per region) drawn by
 * the chart library the page serves itself, and then follows a route switch without reloading. The screenshot
 * goes to target/live-page.png. Skipped, and said so, where Chromium is not installed.
 */
@ExtendWith(RealEngines.class)
class LivePageBrowserIT {

    private static final String TOKEN = "browser-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Path SCREENSHOT = Path.of("target", "live-page.png");
    /** A route id that is markup: it must show as text, never become an element. */
    private static final String MARKUP_ROUTE = "<img src=x onerror=\"document.title='injected'\">";

    @TempDir
    Path dir;

    private Path chromium;

    /** Before the engines start (they are resolved for the test method): without a browser there is nothing to run them for. */
    @BeforeEach
    void findChromium() {
        Optional<Path> found = HeadlessChromium.find();
        Assumptions.assumeTrue(
                found.isPresent(),
                "Chromium is not installed (looked at $CHROMIUM and /usr/bin/chromium): the live page browser test is skipped."
                        + " Install it with: apt-get install chromium");
        chromium = found.get();
    }

    @Test
    void thePageShowsWhatThePipelineDecidedAndFollowsChangesLive(Engines engines) throws Exception {

        Instant t = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        try (LivePipeline app = new LivePipeline(engines.registryUrl(), dir, TOKEN)) {
            send(app, gpu("lambda", "us-west-1", PricingModel.ON_DEMAND, 3.0, t).build());
            send(app, gpu("aws", "us-east-1", PricingModel.ON_DEMAND, 4.0, t).build());
            send(
                    app,
                    gpu("aws", "us-east-1", PricingModel.SPOT, 2.0, t.plusSeconds(60))
                            .build());
            send(
                    app,
                    gpu("azure", "eastus", PricingModel.ON_DEMAND, 3.5, t.plusSeconds(120))
                            .build());
            send(
                    app,
                    gpuPolicy("gpu-batch", "H100-80GB", t.plusSeconds(180))
                            .setPricingModels(List.of(PricingModel.ON_DEMAND))
                            .build());
            send(app, gpuPolicy(MARKUP_ROUTE, "H100-80GB", t.plusSeconds(180)).build());
            // A price 70 minutes on closes the hourly spread windows that hold the prices above.
            send(
                    app,
                    gpu("aws", "us-east-1", PricingModel.ON_DEMAND, 4.0, t.plusSeconds(70 * 60))
                            .build());
            app.awaitApi("/routes", body -> body.contains("\"gpu-batch\"") && body.contains("lambda"), WAIT);
            app.awaitApi("/spreads", body -> body.contains("H100-80GB"), WAIT);
            app.awaitApi("/bids", body -> body.contains("aws|us-east-1"), WAIT);

            try (HeadlessChromium browser = new HeadlessChromium(chromium, dir.resolve("chromium"), 1280, 1700)) {
                browser.navigate(app.url("/?token=" + TOKEN));
                JsonNode batch = awaitRow(
                        browser, "routes", "gpu-batch", row -> cell(row, 2).equals("lambda"));
                assertThat(cell(batch, 0)).isEqualTo("gpu-batch");
                assertThat(cell(batch, 1)).isEqualTo("ROUTED");
                assertThat(cell(batch, 3)).isEqualTo("us-west-1");
                assertThat(cell(batch, 5)).startsWith("3.0000 USD/GPU-hour");
                // "new policy" or "an endpoint became eligible": policies and prices reach the route engine in either
                // order.
                assertThat(cell(batch, 8)).endsWith(": cheapest eligible endpoint");

                JsonNode markup = awaitRow(browser, "routes", MARKUP_ROUTE, row -> true);
                assertThat(cell(markup, 0))
                        .as("markup in data is shown as text")
                        .isEqualTo(MARKUP_ROUTE);
                assertThat(cell(markup, 2)).isEqualTo("aws");
                assertThat(browser.evaluate("document.querySelectorAll('main img, table img').length")
                                .asInt())
                        .isZero();
                assertThat(browser.evaluate("document.title").asText()).isEqualTo("gpuarb live");

                JsonNode spread = awaitRow(browser, "spreads", "GPU_HOURS|H100-80GB|ON_DEMAND", row -> true);
                assertThat(cell(spread, 2))
                        .as("cheapest regions, cheapest first")
                        .startsWith("us-west-1 (lambda) 3.000")
                        .contains("eastus (azure) 3.500")
                        .contains("us-east-1 (aws) 4.000");
                JsonNode bid = awaitRow(browser, "bids", "aws|us-east-1||p5.48xlarge|SPOT", row -> true);
                assertThat(cell(bid, 0)).isEqualTo("aws");
                assertThat(cell(bid, 7)).isIn("BID", "HOLD", "USE_ON_DEMAND");
                assertThat(browser.evaluate("location.search").asText())
                        .as("token dropped from the address bar")
                        .isEmpty();

                // The charts: uPlot from the class path draws the cheapest price per region of the first GPU
                // product (the spread windows above) and each route's trail.
                assertThat(browser.evaluate("typeof uPlot").asText())
                        .as("chart library served and loaded")
                        .isEqualTo("function");
                JsonNode history = awaitChart(
                        browser,
                        "history",
                        "GPU_HOURS|H100-80GB|ON_DEMAND",
                        c -> !c.path("series").asText().isEmpty());
                assertThat(List.of(history.get("series").asText().split(",")))
                        .as("a line per region, cheapest first")
                        .containsExactly("us-west-1", "eastus", "us-east-1");
                assertThat(history.get("canvases").asInt()).isPositive();
                assertThat(browser.evaluate(
                                        "Array.from(document.querySelectorAll('#history-product option')).map(o => o.value).join(',')")
                                .asText())
                        .contains("GPU_HOURS|H100-80GB|ON_DEMAND")
                        .contains("GPU_HOURS|H100-80GB|SPOT");
                JsonNode trail = awaitChart(
                        browser, "trails", "gpu-batch", c -> c.path("points").asInt() >= 1);
                assertThat(trail.get("canvases").asInt()).isPositive();
                assertThat(trail.get("caption").asText()).isEqualTo("gpu-batch (USD/GPU-hour)");
                int switchesBefore = trail.get("switches").asInt();
                List<String> streams = browser.requestedUrls().stream()
                        .filter(u -> u.contains("/events"))
                        .toList();
                assertThat(streams)
                        .as("event stream requests")
                        .isNotEmpty()
                        .allSatisfy(u -> assertThat(u)
                                .as("the cookie carries the token; every reconnect URL is this one")
                                .doesNotContain("token")
                                .doesNotContain(TOKEN));

                // A cheaper offer elsewhere: the open page must follow the switch by itself, without a reload.
                browser.evaluate("window.sameDocument = true");
                send(
                        app,
                        gpu("gcp", "us-central1", PricingModel.ON_DEMAND, 2.2, t.plusSeconds(71 * 60))
                                .build());
                JsonNode switched = awaitRow(
                        browser, "routes", "gpu-batch", row -> cell(row, 2).equals("gcp"));
                assertThat(cell(switched, 3)).isEqualTo("us-central1");
                assertThat(cell(switched, 8)).startsWith("cheaper endpoint");
                assertThat(switched.get("classes").asText()).contains("changed");
                assertThat(browser.evaluate("window.sameDocument === true").asBoolean())
                        .as("no reload")
                        .isTrue();
                JsonNode switchedTrail = awaitChart(
                        browser, "trails", "gpu-batch", c -> c.path("switches").asInt() > switchesBefore);
                assertThat(switchedTrail.get("points").asInt()).isGreaterThanOrEqualTo(2);
                assertThat(browser.evaluate("document.getElementById('connection').textContent")
                                .asText())
                        .isEqualTo("live");

                Files.createDirectories(SCREENSHOT.getParent());
                Files.write(SCREENSHOT, browser.screenshotPng());
            }
        }
        assertNonTrivialPng(SCREENSHOT);
    }

    private static void send(LivePipeline app, GpuPriceObservation price) {
        app.send(Topic.GPU_PRICES, price.getOfferId(), price, price.getObservedAt());
    }

    private static void send(LivePipeline app, RoutePolicy policy) {
        app.send(Topic.ROUTE_POLICIES, policy.getRouteId(), policy, policy.getUpdatedAt());
    }

    private static String cell(JsonNode row, int index) {
        return row.get("cells").get(index).asText();
    }

    /** Polls the rendered table until the row with the key exists and satisfies the condition. */
    private static JsonNode awaitRow(HeadlessChromium browser, String table, String key, Predicate<JsonNode> condition)
            throws Exception {
        String script = "JSON.stringify(Array.from(document.querySelectorAll('#" + table + " tbody tr')).map(tr => "
                + "({key: tr.dataset.key, classes: tr.className, cells: Array.from(tr.cells).map(td => td.textContent)})))";
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode rows = null;
        while (System.nanoTime() < deadline) {
            rows = JSON.readTree(browser.evaluate(script).asText("[]"));
            for (JsonNode row : rows) {
                if (row.get("key").asText().equals(key) && condition.test(row)) {
                    return row;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no matching row " + key + " in #" + table + " within " + WAIT + "; rendered rows: "
                + rows + "\nbrowser output:\n" + browser.output());
    }

    /** Polls until the chart figure with the key exists and satisfies the condition; its data attributes as JSON. */
    private static JsonNode awaitChart(
            HeadlessChromium browser, String container, String key, Predicate<JsonNode> condition) throws Exception {
        String script =
                "JSON.stringify(Array.from(document.querySelectorAll('#" + container + " figure.chart')).map(f => "
                        + "({key: f.dataset.key, points: Number(f.dataset.points || 0), switches: Number(f.dataset.switches || 0), "
                        + "series: f.dataset.series || '', caption: f.querySelector('figcaption').textContent, "
                        + "canvases: f.querySelectorAll('canvas').length})))";
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode charts = null;
        while (System.nanoTime() < deadline) {
            charts = JSON.readTree(browser.evaluate(script).asText("[]"));
            for (JsonNode chart : charts) {
                if (chart.get("key").asText().equals(key) && condition.test(chart)) {
                    return chart;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no matching chart " + key + " in #" + container + " within " + WAIT + "; rendered: "
                + charts + "\nbrowser output:\n" + browser.output());
    }

    private static void assertNonTrivialPng(Path file) throws Exception {
        byte[] png = Files.readAllBytes(file);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        assertThat(png.length).as("PNG size").isGreaterThan(10_000);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(800);
        assertThat(image.getHeight()).isGreaterThanOrEqualTo(600);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size())
                .as("distinct colours: a rendered page, not a blank one")
                .isGreaterThan(20);
    }
}
