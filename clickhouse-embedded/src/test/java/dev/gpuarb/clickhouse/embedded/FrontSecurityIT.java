package dev.gpuarb.clickhouse.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the HTTP front of a real engine: requests without the password, from a web page or a
 * rebound DNS name, writes through GET, SQL that reads or writes files or reaches the network, and
 * a second statement hidden from the front's splitter.
 */
class FrontSecurityIT {

    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static EmbeddedClickHouse ch;
    private static HttpServer bait;
    private static final AtomicInteger baitRequests = new AtomicInteger();

    @TempDir
    static Path dir;

    private static Path secret;
    private static String secretText;

    @BeforeAll
    static void start() throws IOException {
        // One connection: whatever a request leaves in the session, the next request sees.
        ch = EmbeddedClickHouse.start(EmbeddedClickHouse.Config.defaults().withPoolSize(1));
        secretText = "secret-" + UUID.randomUUID();
        secret = Files.writeString(dir.resolve("secret.txt"), secretText + "\n");
        bait = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        bait.createContext("/", ex -> {
            baitRequests.incrementAndGet();
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        bait.start();
    }

    @AfterAll
    static void stop() {
        if (bait != null) {
            bait.stop(0);
        }
        if (ch != null) {
            ch.stop();
        }
    }

    private static String q(String sql) {
        return "?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder authed(String urlTail) {
        return HttpRequest.newBuilder(URI.create(ch.httpUrl() + "/" + urlTail))
                .header("X-ClickHouse-User", EmbeddedClickHouse.USER)
                .header("X-ClickHouse-Key", ch.password());
    }

    private static HttpResponse<String> post(String sql) throws Exception {
        return send(authed("").POST(HttpRequest.BodyPublishers.ofString(sql)));
    }

    private static String scalar(String sql) throws Exception {
        HttpResponse<String> r = post(sql);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body().strip();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A request written by hand, for headers the JDK client will not set (Host). */
    private static String raw(String hostHeader, String extraHeaders) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), ch.port())) {
            s.setSoTimeout(60_000);
            String req = "GET /" + q("SELECT 'reached'") + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n"
                    + "Authorization: " + basic(EmbeddedClickHouse.USER, ch.password()) + "\r\n" + extraHeaders
                    + "Connection: close\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (InputStream in = s.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void sqlNeedsTheUserAndPassword() throws Exception {
        HttpResponse<String> none = send(HttpRequest.newBuilder(URI.create(ch.httpUrl() + "/" + q("SELECT 1")))
                .GET());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("516");
        assertThat(none.body()).startsWith("Code: 516. DB::Exception: ").contains("(AUTHENTICATION_FAILED)");

        String wrong = "wrong-" + UUID.randomUUID();
        HttpResponse<String> bad = send(HttpRequest.newBuilder(URI.create(ch.httpUrl() + "/"))
                .header("Authorization", basic(EmbeddedClickHouse.USER, wrong))
                .POST(HttpRequest.BodyPublishers.ofString("SELECT 1")));
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("516");
        assertThat(bad.body()).doesNotContain(wrong).doesNotContain(ch.password());
        HttpResponse<String> otherUser = send(HttpRequest.newBuilder(URI.create(ch.httpUrl() + "/"))
                .header("X-ClickHouse-User", "admin")
                .header("X-ClickHouse-Key", ch.password())
                .POST(HttpRequest.BodyPublishers.ofString("SELECT 1")));
        assertThat(otherUser.statusCode()).isEqualTo(401);

        // Each of the server's ways of sending the password works; two at once do not.
        HttpResponse<String> byBasic = send(HttpRequest.newBuilder(URI.create(ch.httpUrl() + "/"))
                .header("Authorization", basic(EmbeddedClickHouse.USER, ch.password()))
                .POST(HttpRequest.BodyPublishers.ofString("SELECT 41 + 1")));
        assertThat(byBasic.body()).isEqualTo("42\n");
        assertThat(post("SELECT 43").body()).isEqualTo("43\n");
        HttpResponse<String> byParams = send(HttpRequest.newBuilder(URI.create(ch.httpUrl() + "/" + q("SELECT 44")
                        + "&user=" + EmbeddedClickHouse.USER + "&password=" + ch.password()))
                .GET());
        assertThat(byParams.body()).isEqualTo("44\n");
        HttpResponse<String> mixed =
                send(authed(q("SELECT 45") + "&password=" + ch.password()).GET());
        assertThat(mixed.statusCode()).isEqualTo(401);

        HttpResponse<String> ping =
                send(HttpRequest.newBuilder(URI.create(ch.httpUrl() + "/ping")).GET());
        assertThat(ping.body()).isEqualTo("Ok.\n");
    }

    @Test
    void clientV2NeedsThePassword() throws Exception {
        try (Client good = new Client.Builder()
                        .addEndpoint(ch.httpUrl())
                        .setUsername(EmbeddedClickHouse.USER)
                        .setPassword(ch.password())
                        .build();
                Client bad = new Client.Builder()
                        .addEndpoint(ch.httpUrl())
                        .setUsername(EmbeddedClickHouse.USER)
                        .setPassword("not-it")
                        .setMaxRetries(0)
                        .build()) {
            assertThat(good.queryAll("SELECT 7").get(0).getLong(1)).isEqualTo(7);
            Throwable t = catchThrowable(() -> bad.queryAll("SELECT 7"));
            assertThat(t).isNotNull();
            ServerException se = t instanceof ServerException s ? s : (ServerException) t.getCause();
            assertThat(se.getCode()).isEqualTo(516);
        }
    }

    @Test
    void requestsFromWebPagesAreRefusedEvenWithThePassword() throws Exception {
        HttpResponse<String> origin = send(
                authed(q("SELECT 1")).header("Origin", "https://example.com").GET());
        assertThat(origin.statusCode()).isEqualTo(403);
        assertThat(origin.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("497");
        assertThat(origin.body()).startsWith("Code: 497. DB::Exception: ");
        HttpResponse<String> sameOriginHeader =
                send(authed("").header("Origin", ch.httpUrl()).POST(HttpRequest.BodyPublishers.ofString("SELECT 1")));
        assertThat(sameOriginHeader.statusCode()).isEqualTo(403);
        HttpResponse<String> crossSite = send(
                authed(q("SELECT 1")).header("Sec-Fetch-Site", "cross-site").GET());
        assertThat(crossSite.statusCode()).isEqualTo(403);

        // DNS rebinding: the page's own name arrives as Host.
        assertThat(raw("attacker.example:" + ch.port(), ""))
                .startsWith("HTTP/1.1 403")
                .doesNotContain("reached");
        assertThat(raw("127.0.0.1.nip.io:" + ch.port(), ""))
                .startsWith("HTTP/1.1 403")
                .doesNotContain("reached");
        assertThat(raw("localhost:" + ch.port(), "")).startsWith("HTTP/1.1 200").contains("reached");
        assertThat(raw("127.0.0.1:" + ch.port(), "")).startsWith("HTTP/1.1 200").contains("reached");
        assertThat(raw("[::1]:" + ch.port(), "")).startsWith("HTTP/1.1 200").contains("reached");
        assertThat(raw("localhost", "Sec-Fetch-Site: none\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void getIsReadOnly() throws Exception {
        HttpResponse<String> create = send(authed(q("CREATE TABLE via_get (a UInt8) ENGINE = MergeTree ORDER BY a"))
                .GET());
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(create.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("164");
        HttpResponse<String> lowered =
                send(authed(q("CREATE TABLE via_get (a UInt8) ENGINE = MergeTree ORDER BY a") + "&readonly=0")
                        .GET());
        assertThat(lowered.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(scalar("EXISTS TABLE via_get")).isEqualTo("0");

        scalar("CREATE TABLE get_target (a UInt8) ENGINE = MergeTree ORDER BY a");
        for (String write : List.of(
                "INSERT INTO get_target VALUES (1)",
                "INSERT INTO get_target SELECT 2",
                "DROP TABLE get_target",
                "ALTER TABLE get_target DELETE WHERE 1",
                "TRUNCATE TABLE get_target")) {
            HttpResponse<String> r = send(authed(q(write)).GET());
            assertThat(r.statusCode()).as(write).isGreaterThanOrEqualTo(400);
        }
        assertThat(scalar("SELECT count() FROM get_target")).isEqualTo("0");
        assertThat(send(authed(q("SELECT count() FROM get_target")).GET()).body())
                .isEqualTo("0\n");
        // The read-only GET left nothing behind on the (only) pooled connection.
        scalar("INSERT INTO get_target VALUES (3)");
        assertThat(scalar("SELECT sum(a) FROM get_target")).isEqualTo("3");
    }

    @Test
    void fileAndNetworkAccessIsRefused() throws Exception {
        String s = secret.toString();
        Path written = dir.resolve("written.txt");
        Path diskDir = dir.resolve("disk");
        Path logDir = Files.createDirectories(dir.resolve("logs"));
        String bait = "http://127.0.0.1:" + FrontSecurityIT.bait.getAddress().getPort();
        scalar("CREATE TABLE IF NOT EXISTS lines (s String) ENGINE = MergeTree ORDER BY s");
        List<String> attacks = List.of(
                "SELECT * FROM file('" + s + "', 'LineAsString')",
                "SELECT * FROM FiLe('" + s + "', 'LineAsString')",
                "SELECT * FROM file /* between */ ('" + s + "', 'LineAsString')",
                "SELECT * FROM `file`('" + s + "', 'LineAsString')",
                "SELECT * FROM \"file\"('" + s + "', 'LineAsString')",
                "SELECT file('" + s + "')",
                "SELECT `file`\n-- comment\n('" + s + "')",
                "INSERT INTO FUNCTION file('" + written + "', 'LineAsString') SELECT 'x'",
                "insert into function FILE('" + written + "', 'LineAsString') values ('x')",
                "INSERT INTO FUNCTION file('" + written + "', 'LineAsString') FORMAT LineAsString\nx\n",
                "CREATE TABLE f1 (s String) ENGINE = File(LineAsString, '" + s + "')",
                "CREATE TABLE f2 (s String) ENGINE=`File`(LineAsString, '" + s + "')",
                "CREATE TABLE f3 (s String) ENGINE = FileLog('" + logDir + "', 'LineAsString')",
                "CREATE TABLE f4 (s String) ENGINE = URL('" + bait + "/engine', LineAsString)",
                "CREATE TABLE f5 AS file('" + s + "', 'LineAsString')",
                "SELECT * FROM url('" + bait + "/fn', LineAsString)",
                "SELECT * FROM s3('" + bait + "/bucket/key', 'LineAsString')",
                "SELECT * FROM remote('127.0.0.1:"
                        + FrontSecurityIT.bait.getAddress().getPort() + "', system.one)",
                "SELECT * FROM mysql('127.0.0.1:"
                        + FrontSecurityIT.bait.getAddress().getPort() + "', 'd', 't', 'u', 'p')",
                "SELECT 1 INTO OUTFILE '" + written + "'",
                "SELECT 1 into /* c */ outfile '" + written + "'",
                "INSERT INTO lines FROM INFILE '" + s + "' FORMAT LineAsString",
                "\\i " + s,
                "ATTACH TABLE stolen FROM '" + logDir + "' (s String) ENGINE = MergeTree ORDER BY s",
                "CREATE TABLE d1 (s String) ENGINE = MergeTree ORDER BY s SETTINGS disk = disk(type = local, path = '"
                        + diskDir + "/')",
                "CREATE TABLE d2 (s String) ENGINE = MergeTree ORDER BY s SETTINGS disk = `disk`(type = web, endpoint = '"
                        + bait + "/web/')",
                "SELECT * FROM format(Template, 's String', 'x') SETTINGS format_template_row = '" + s + "'",
                "SELECT * FROM format(AvroConfluent, 's String', unhex('000000000102')) SETTINGS format_avro_schema_registry_url = '"
                        + bait + "/reg'",
                "SELECT 1 AS a FORMAT Protobuf SETTINGS output_format_schema = '" + written + "'");
        List<String> passed = new ArrayList<>();
        for (String attack : attacks) {
            HttpResponse<String> r = post(attack);
            if (r.statusCode() < 400 || r.body().contains(secretText)) {
                passed.add(attack + " -> " + r.statusCode() + " " + r.body());
            }
        }
        // The same through URL settings and through GET.
        HttpResponse<String> template = send(authed(q("SELECT * FROM format(Template, 's String', 'x')")
                        + "&format_template_row=" + URLEncoder.encode(s, StandardCharsets.UTF_8))
                .POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> viaGet = send(
                authed(q("SELECT * FROM file('" + s + "', 'LineAsString')")).GET());
        HttpResponse<String> writeViaGet =
                send(authed(q("INSERT INTO FUNCTION file('" + written + "', 'LineAsString') SELECT 'x'"))
                        .GET());
        HttpResponse<String> noPassword = send(HttpRequest.newBuilder(
                        URI.create(ch.httpUrl() + "/" + q("SELECT * FROM file('" + s + "', 'LineAsString')")))
                .GET());
        for (HttpResponse<String> r : List.of(template, viaGet, writeViaGet, noPassword)) {
            if (r.statusCode() < 400 || r.body().contains(secretText)) {
                passed.add(r.uri() + " -> " + r.statusCode() + " " + r.body());
            }
        }

        assertThat(passed).isEmpty();
        assertThat(written).doesNotExist();
        assertThat(diskDir).doesNotExist();
        assertThat(baitRequests.get())
                .as("requests that reached the bait server")
                .isZero();
        assertThat(secret).exists();
        assertThat(scalar("SELECT count() FROM lines")).isEqualTo("0");
    }

    @Test
    void theEngineItselfHasNoSourceGrantsAndFixesFileSettings() throws Exception {
        // The front's word list is the second line of defence; the engine's grants are the first.
        String grants = scalar("SHOW GRANTS");
        assertThat(grants)
                .contains("SELECT")
                .doesNotContain("SOURCES")
                .doesNotContain("FILE")
                .doesNotContain("URL")
                .doesNotContain("SYSTEM")
                .doesNotContain("ALL");
        HttpResponse<String> constrained = post("SELECT 1 SETTINGS format_template_row = 'x'");
        assertThat(constrained.headers().firstValue("X-ClickHouse-Exception-Code"))
                .hasValue("452");
    }

    /**
     * ClickHouse ends a comment, string or heredoc where its own lexer does; if the front's splitter
     * ended it elsewhere, "SET max_threads = 7" after a hidden ';' would run in the pooled session.
     */
    @Test
    void noSecondStatementSlipsPastTheSplitter() throws Exception {
        String before = scalar("SELECT getSetting('max_threads')");
        assertThat(before).doesNotContain("7");
        List<String> known = List.of(
                "SELECT 1 // '\n; SET max_threads = 7; -- '",
                "SELECT 1 /* /* */ '*/ ; SET max_threads = 7; -- '",
                "SELECT 1 AS $x$ ; SET max_threads = 7",
                "SELECT 1 AS a$b$c; SET max_threads = 7; SELECT $b$",
                "SELECT 1 #\\\n; SET max_threads = 7");
        for (String text : known) {
            HttpResponse<String> r = post(text);
            assertThat(r.statusCode()).as(text + " -> " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("62");
            assertThat(scalar("SELECT getSetting('max_threads')")).as(text).isEqualTo(before);
        }

        // Random mixes of the lexer's delimiters; whatever the front accepts must be one statement.
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        String[] parts = {
            "'", "\"", "`", "\\", "//", "--", "#", "# ", "#!", "/*", "*/", "\n", ";", "$", "$x$", "a$b$", "x'", "b'",
            "0", " ", "(", ")", "1", "AS y", "$$"
        };
        for (int i = 0; i < 150; i++) {
            StringBuilder text = new StringBuilder("SELECT 1 ");
            for (int n = random.nextInt(6); n >= 0; n--) {
                text.append(parts[random.nextInt(parts.length)]);
            }
            text.append("; SET max_threads = 7 ");
            for (int n = random.nextInt(4); n >= 0; n--) {
                text.append(parts[random.nextInt(parts.length)]);
            }
            post(text.toString());
            assertThat(scalar("SELECT getSetting('max_threads')"))
                    .as("seed " + seed + ": " + text)
                    .isEqualTo(before);
        }
    }
}
