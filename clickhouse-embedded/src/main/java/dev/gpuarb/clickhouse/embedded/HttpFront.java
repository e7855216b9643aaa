package dev.gpuarb.clickhouse.embedded;

import com.clickhouse.client.api.internal.CompressedBlockInputStream;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import net.jpountz.lz4.LZ4Factory;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ClickHouse's HTTP interface (the parts that client-v2, JDBC and curl use) in front of chDB.
 *
 * <p>Only the configured user with its password may run SQL (HTTP basic auth, the
 * {@code X-ClickHouse-User}/{@code X-ClickHouse-Key} headers or the {@code user}/{@code password}
 * parameters, as on the server). A request that carries an {@code Origin} header, a cross-site
 * {@code Sec-Fetch-Site}, or a {@code Host} that is not a loopback name is refused before anything
 * else: that is what a web page in the user's browser would send, directly or after rebinding a
 * DNS name to 127.0.0.1. GET requests run read-only ({@code readonly=2}), as on the server.
 *
 * <p>The JDK's built-in {@code com.sun.net.httpserver} is enough here: one loopback listener,
 * two paths, blocking handlers that each hold a chDB connection, chunked bodies both ways. A web
 * framework would add dependencies and threads to the engine's process and give nothing we use.
 */
final class HttpFront implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);

    /** URL parameters that belong to the HTTP interface itself; every other one is a setting. */
    private static final Set<String> HTTP_PARAMS = Set.of(
            "query",
            "query_id",
            "compress",
            "decompress",
            "database",
            "default_format",
            "user",
            "password",
            "quota_key",
            "session_id",
            "session_timeout",
            "session_check",
            "close_session",
            "buffer_size",
            "wait_end_of_query",
            "role",
            "stacktrace",
            "with_stacktrace",
            "client_protocol_version");

    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final int READ_CHUNK = 64 * 1024;
    private static final int INSERT_CHUNK = 256 * 1024;
    private static final int COMPRESS_BLOCK = 1024 * 1024;
    private static final int MAX_QUERY_BYTES = 256 * 1024 * 1024;
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern PRINTABLE_USER = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

    /** The one user that may run SQL. */
    record Credentials(String user, String password) {

        Credentials {
            if (user == null || user.isBlank() || password == null || password.isEmpty()) {
                throw new IllegalArgumentException("a user and a non-empty password are required");
            }
        }

        /** The line the parent sends first: {@code credentials <base64 user> <base64 password>}. */
        String line() {
            Base64.Encoder b64 = Base64.getEncoder();
            return "credentials " + b64.encodeToString(user.getBytes(StandardCharsets.UTF_8)) + " "
                    + b64.encodeToString(password.getBytes(StandardCharsets.UTF_8));
        }

        static Credentials parse(String line) {
            String[] parts = line == null ? new String[0] : line.strip().split(" ");
            if (parts.length != 3 || !parts[0].equals("credentials")) {
                throw new IllegalArgumentException("expected the credentials line first on stdin");
            }
            Base64.Decoder b64 = Base64.getDecoder();
            return new Credentials(
                    new String(b64.decode(parts[1]), StandardCharsets.UTF_8),
                    new String(b64.decode(parts[2]), StandardCharsets.UTF_8));
        }

        boolean matches(String u, String p) {
            // Constant time for the password, so timing does not reveal how much of it a guess got right.
            boolean passwordOk = MessageDigest.isEqual(
                    password.getBytes(StandardCharsets.UTF_8), p.getBytes(StandardCharsets.UTF_8));
            return user.equals(u) & passwordOk;
        }

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=***]";
        }
    }

    private final ChdbEngine engine;
    private final Credentials credentials;
    private final String host;
    private final ExecutorService executor;
    private final String displayName;
    private HttpServer server;
    private int port;

    HttpFront(ChdbEngine engine, String host, int port, int threads, Credentials credentials) {
        this.engine = engine;
        this.credentials = credentials;
        this.host = host;
        this.port = port;
        AtomicInteger n = new AtomicInteger();
        this.executor =
                new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "clickhouse-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.displayName = hostName();
    }

    synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 64);
        s.setExecutor(executor);
        s.createContext("/", this::handle);
        s.start();
        server = s;
        port = s.getAddress().getPort();
        LOG.info("ClickHouse HTTP interface on http://{}:{}", host, port);
    }

    synchronized int port() {
        return port;
    }

    /** Closes the listener and open connections, so clients are refused until {@link #resume()}. */
    synchronized void pause() {
        if (server != null) {
            server.stop(0);
            server = null;
            LOG.info("ClickHouse HTTP interface paused");
        }
    }

    /** Binds the same port again. */
    synchronized void resume() throws IOException {
        start();
    }

    @Override
    public synchronized void close() {
        pause();
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            Map<String, String> params = parseParams(ex.getRequestURI().getRawQuery());
            String foreign = foreignRequest(ex.getRequestHeaders());
            if (foreign != null) {
                LOG.warn("Refused a request to the ClickHouse HTTP interface: {}", foreign);
                refuse(ex, ClickHouseError.of(ClickHouseError.ACCESS_DENIED, foreign, "ACCESS_DENIED"));
            } else if (path.equals("/ping") || path.equals("/replicas_status")) {
                sendText(ex, 200, "Ok.\n");
            } else if (!path.equals("/") && !path.isEmpty()) {
                sendText(ex, 404, "There is no handle " + path + "\n\nUse / or /ping for health checks.\n");
            } else if (method.equals("POST")
                    || ((method.equals("GET") || method.equals("HEAD")) && params.containsKey("query"))) {
                ClickHouseError denied = authenticate(ex.getRequestHeaders(), params);
                if (denied != null) {
                    refuse(ex, denied);
                } else {
                    new Request(ex, params).run();
                }
            } else if (method.equals("GET") || method.equals("HEAD")) {
                sendText(ex, 200, "Ok.\n");
            } else {
                sendText(ex, 405, "Method not allowed\n");
            }
        } catch (IOException e) {
            LOG.debug("HTTP exchange failed: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure in the HTTP front", e);
        }
    }

    /**
     * Why a request looks like it comes from a web page rather than a local client, or null. Browsers
     * send {@code Origin} with cross-origin and POST requests and {@code Sec-Fetch-Site} with every
     * request; a page on a DNS name rebound to 127.0.0.1 still sends its own name as {@code Host}.
     */
    static String foreignRequest(Headers h) {
        if (h.containsKey("Origin")) {
            return "requests with an Origin header (from a web page) are not accepted";
        }
        String site = h.getFirst("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("none") && !site.equalsIgnoreCase("same-origin")) {
            return "cross-site requests (Sec-Fetch-Site: " + site + ") are not accepted";
        }
        String hostHeader = h.getFirst("Host");
        if (hostHeader != null && !isLoopbackHost(hostHeader)) {
            return "the Host header must name a loopback address (127.0.0.1, localhost or [::1])";
        }
        return null;
    }

    static boolean isLoopbackHost(String hostHeader) {
        String hp = hostHeader.strip().toLowerCase(Locale.ROOT);
        String name;
        String port;
        if (hp.startsWith("[")) {
            int close = hp.indexOf(']');
            if (close < 0) {
                return false;
            }
            name = hp.substring(0, close + 1);
            port = hp.substring(close + 1);
        } else {
            int colon = hp.indexOf(':');
            name = colon < 0 ? hp : hp.substring(0, colon);
            port = colon < 0 ? "" : hp.substring(colon);
        }
        if (!port.isEmpty() && !port.matches(":\\d{1,5}")) {
            return false;
        }
        return name.equals("localhost")
                || name.equals("[::1]")
                || LOOPBACK_IPV4.matcher(name).matches();
    }

    /** Null when the request names the configured user and password in one of the server's ways. */
    private ClickHouseError authenticate(Headers h, Map<String, String> params) {
        String headerUser = h.getFirst("X-ClickHouse-User");
        String headerKey = h.getFirst("X-ClickHouse-Key");
        String authorization = h.getFirst("Authorization");
        boolean byHeaders = headerUser != null || headerKey != null;
        boolean byBasic = authorization != null;
        boolean byParams = params.containsKey("user") || params.containsKey("password");
        if ((byHeaders ? 1 : 0) + (byBasic ? 1 : 0) + (byParams ? 1 : 0) > 1) {
            return ClickHouseError.of(
                    ClickHouseError.AUTHENTICATION_FAILED,
                    "Invalid authentication: it is not allowed "
                            + "to use more than one of the Authorization header, the X-ClickHouse-User/Key headers and the "
                            + "user/password parameters",
                    "AUTHENTICATION_FAILED");
        }
        String user = "default";
        String password = "";
        if (byHeaders) {
            user = headerUser != null ? headerUser : user;
            password = headerKey != null ? headerKey : password;
        } else if (byBasic) {
            String[] basic = basicCredentials(authorization);
            if (basic == null) {
                return ClickHouseError.of(
                        ClickHouseError.AUTHENTICATION_FAILED,
                        "Invalid authentication: only Basic authorization is supported",
                        "AUTHENTICATION_FAILED");
            }
            user = basic[0];
            password = basic[1];
        } else if (byParams) {
            user = params.getOrDefault("user", user);
            password = params.getOrDefault("password", password);
        }
        if (credentials.matches(user, password)) {
            return null;
        }
        LOG.warn("Refused a ClickHouse HTTP request: wrong or missing credentials");
        String who = PRINTABLE_USER.matcher(user).matches() ? user + ": " : "";
        return ClickHouseError.of(
                ClickHouseError.AUTHENTICATION_FAILED,
                who + "Authentication failed: password is incorrect, or there is no user with such name",
                "AUTHENTICATION_FAILED");
    }

    private static String[] basicCredentials(String authorization) {
        String a = authorization.strip();
        if (a.length() < 6 || !a.substring(0, 6).equalsIgnoreCase("Basic ")) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(a.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0
                ? new String[] {decoded, ""}
                : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    /** An error answered before any query runs (no query id yet). */
    private static void refuse(HttpExchange ex, ClickHouseError e) throws IOException {
        ex.getResponseHeaders().set("X-ClickHouse-Exception-Code", Integer.toString(e.code()));
        sendText(ex, e.httpStatus(), e.getMessage() + "\n");
    }

    private static void sendText(HttpExchange ex, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            ex.getResponseBody().write(body);
        }
    }

    private static Map<String, String> parseParams(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(k, v);
        }
        return params;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** One HTTP query: parse, run on a borrowed chDB connection, answer like the server. */
    private final class Request {
        private final HttpExchange ex;
        private final Map<String, String> params;
        private final String queryId;
        private final boolean compress;
        private final String requestFormat;
        private final Map<String, String> queryParams = new LinkedHashMap<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final long startNanos = System.nanoTime();
        private InputStream body;

        Request(HttpExchange ex, Map<String, String> params) {
            this.ex = ex;
            this.params = params;
            Headers h = ex.getRequestHeaders();
            String id = params.getOrDefault("query_id", h.getFirst("X-ClickHouse-Query-Id"));
            this.queryId = id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
            this.compress = "1".equals(params.get("compress"));
            String f = h.getFirst("X-ClickHouse-Format");
            this.requestFormat = f != null && !f.isBlank() ? f.strip() : params.get("default_format");
            for (Map.Entry<String, String> e : params.entrySet()) {
                String k = e.getKey();
                if (k.startsWith("param_")) {
                    queryParams.put(k.substring("param_".length()), e.getValue());
                } else if (!HTTP_PARAMS.contains(k)) {
                    settings.put(k, e.getValue());
                }
            }
        }

        void run() throws IOException {
            try {
                body = openBody();
                execute();
            } catch (ClickHouseError e) {
                drain();
                sendError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sendError(ClickHouseError.of(394, "Query was cancelled", "QUERY_WAS_CANCELLED"));
            } catch (IOException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.error("Query {} failed unexpectedly", queryId, e);
                drain();
                sendError(ClickHouseError.of(1001, String.valueOf(e), "STD_EXCEPTION"));
            }
        }

        private InputStream openBody() throws ClickHouseError, IOException {
            InputStream in = ex.getRequestBody();
            String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
            if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
                try {
                    in = CompressorStreamFactory.getSingleton().createCompressorInputStream(httpCodec(encoding), in);
                } catch (CompressorException | IllegalArgumentException e) {
                    throw ClickHouseError.of(
                            ClickHouseError.CANNOT_DECOMPRESS,
                            "Unsupported Content-Encoding: " + encoding,
                            "UNKNOWN_COMPRESSION_METHOD");
                }
            }
            if ("1".equals(params.get("decompress"))) {
                in = new CompressedBlockInputStream(in, LZ4.fastDecompressor(), COMPRESS_BLOCK);
            }
            return in;
        }

        private void execute() throws ClickHouseError, IOException, InterruptedException {
            byte[] text;
            int textLen;
            InputStream data;
            SqlScanner.Statement st;
            String queryParam = params.get("query");
            if (queryParam != null) {
                text = queryParam.getBytes(StandardCharsets.UTF_8);
                textLen = text.length;
                st = SqlScanner.scan(text, textLen, true);
                if (st.kind() == SqlScanner.Kind.INSERT) {
                    data = st.dataStart() >= 0
                            ? new SequenceInputStream(
                                    new ByteArrayInputStream(text, st.dataStart(), textLen - st.dataStart()), body)
                            : body;
                } else {
                    // The server appends a body that is not insert data to the query text.
                    byte[] rest = readAll(body);
                    if (rest.length > 0) {
                        text = concat(text, new byte[] {'\n'}, rest);
                        textLen = text.length;
                        st = SqlScanner.scan(text, textLen, true);
                    }
                    data = InputStream.nullInputStream();
                }
            } else {
                // Read only as much of the body as the statement needs; insert data streams on.
                byte[] buf = new byte[READ_CHUNK];
                int len = 0;
                boolean eof = false;
                while (true) {
                    if (len == buf.length) {
                        if (buf.length >= MAX_QUERY_BYTES) {
                            throw ClickHouseError.of(
                                    ClickHouseError.SYNTAX_ERROR, "Query is too large", "SYNTAX_ERROR");
                        }
                        buf = Arrays.copyOf(buf, buf.length * 2);
                    }
                    int n = body.read(buf, len, buf.length - len);
                    if (n < 0) {
                        eof = true;
                    } else {
                        len += n;
                    }
                    st = SqlScanner.scan(buf, len, eof);
                    if (eof || st.kind() == SqlScanner.Kind.INSERT) {
                        break;
                    }
                }
                text = buf;
                textLen = len;
                data = st.kind() == SqlScanner.Kind.INSERT && st.dataStart() >= 0
                        ? new SequenceInputStream(
                                new ByteArrayInputStream(buf, st.dataStart(), len - st.dataStart()), body)
                        : body;
            }
            if (st.kind() == SqlScanner.Kind.INSERT && st.dataStart() < 0 && queryParam == null) {
                data = InputStream.nullInputStream(); // "INSERT INTO t" alone in the body: no data
            }
            if (isBlank(text, st.kind() == SqlScanner.Kind.INSERT ? st.headEnd() : textLen)) {
                throw ClickHouseError.of(ClickHouseError.SYNTAX_ERROR, "Empty query", "SYNTAX_ERROR");
            }
            if (st.multiple()) {
                throw ClickHouseError.of(
                        ClickHouseError.SYNTAX_ERROR,
                        "Syntax error (Multi-statements are not allowed): failed at position " + (st.headEnd() + 1)
                                + " (end of query)",
                        "SYNTAX_ERROR");
            }
            if (st.forbidden() != null) {
                throw ClickHouseError.of(
                        ClickHouseError.ACCESS_DENIED,
                        "Not allowed through the embedded ClickHouse: " + st.forbidden(),
                        "ACCESS_DENIED");
            }
            runOnConnection(st, text, textLen, data);
        }

        private void runOnConnection(SqlScanner.Statement st, byte[] text, int textLen, InputStream data)
                throws ClickHouseError, IOException, InterruptedException {
            ChdbEngine.Connection conn = engine.borrow();
            boolean replace = false;
            boolean databaseChanged = false;
            boolean settingsApplied = false;
            boolean readOnly = !ex.getRequestMethod().equalsIgnoreCase("POST");
            try {
                if (readOnly) {
                    // As the server does for GET. readonly cannot be lowered again in a session, so
                    // this connection is replaced afterwards.
                    replace = true;
                    conn.execute("SET readonly = 2");
                }
                String database =
                        params.getOrDefault("database", ex.getRequestHeaders().getFirst("X-ClickHouse-Database"));
                if (database != null && !database.isBlank() && !database.equals("default")) {
                    databaseChanged = true;
                    conn.execute("USE " + quoteIdentifier(database));
                }
                if (!settings.isEmpty()) {
                    try {
                        conn.execute(setStatement(false));
                    } catch (ClickHouseError e) {
                        replace = true; // part of the SET may have applied before the bad name
                        throw e;
                    }
                    settingsApplied = true;
                }
                if (st.kind() == SqlScanner.Kind.INSERT) {
                    String format = st.insertFormat() != null
                            ? st.insertFormat()
                            : requestFormat != null ? requestFormat : "TabSeparated";
                    byte[] head = trimStatement(text, st.headEnd());
                    ChdbEngine.Stats stats = conn.insert(head, format, queryParams, data, INSERT_CHUNK);
                    respond(200, stats, requestFormat != null ? requestFormat : "TabSeparated", null);
                } else {
                    String format = st.outputFormat() != null
                            ? st.outputFormat()
                            : requestFormat != null ? requestFormat : "TabSeparated";
                    byte[] sql = trimStatement(text, textLen);
                    // A SET, USE or temporary table would outlive this request in the pooled session.
                    replace |=
                            st.firstKeyword().equals("SET") || st.firstKeyword().equals("USE") || st.temporary();
                    try (ChdbEngine.Result result = conn.query(sql, format, queryParams)) {
                        respond(200, result.stats(), format, result);
                    }
                }
            } finally {
                if (!replace && settingsApplied) {
                    replace = !tryReset(conn, setStatement(true));
                }
                if (!replace && databaseChanged) {
                    replace = !tryReset(conn, "USE default");
                }
                engine.release(conn, replace);
            }
        }

        private boolean tryReset(ChdbEngine.Connection conn, String sql) {
            try {
                conn.execute(sql);
                return true;
            } catch (ClickHouseError e) {
                LOG.debug("Could not reset session state ({}); replacing the connection", e.getMessage());
                return false;
            }
        }

        private String setStatement(boolean reset) throws ClickHouseError {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, String> e : settings.entrySet()) {
                if (!SETTING_NAME.matcher(e.getKey()).matches()) {
                    throw ClickHouseError.of(
                            ClickHouseError.UNKNOWN_SETTING,
                            "Setting " + e.getKey()
                                    + " is neither a builtin setting nor started with the prefix 'custom_'",
                            "UNKNOWN_SETTING");
                }
                parts.add(e.getKey() + " = " + (reset ? "DEFAULT" : quoteString(e.getValue())));
            }
            return "SET " + String.join(", ", parts);
        }

        private void respond(int status, ChdbEngine.Stats stats, String format, ChdbEngine.Result result)
                throws IOException {
            Headers h = ex.getResponseHeaders();
            commonHeaders(h);
            h.set("X-ClickHouse-Format", format);
            h.set("Content-Type", contentType(format));
            // Elapsed time is measured here: chDB's own figure for a streamed insert is not per statement.
            h.set("X-ClickHouse-Summary", summary(stats, System.nanoTime() - startNanos));
            long length = result == null ? 0 : result.length();
            boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
            if (length == 0 || head) {
                ex.sendResponseHeaders(status, -1);
                return;
            }
            String httpCodec = responseHttpCodec();
            if (httpCodec != null) {
                h.set("Content-Encoding", httpCodec);
            }
            ex.sendResponseHeaders(status, compress || httpCodec != null ? 0 : length);
            try (OutputStream out = wrapResponse(ex.getResponseBody(), httpCodec)) {
                result.writeTo(out);
            }
        }

        private void sendError(ClickHouseError e) throws IOException {
            LOG.debug("Query {} failed: {}", queryId, e.getMessage());
            Headers h = ex.getResponseHeaders();
            commonHeaders(h);
            h.set("X-ClickHouse-Exception-Code", Integer.toString(e.code()));
            h.set("Content-Type", "text/plain; charset=UTF-8");
            int status = e.httpStatus();
            byte[] text = (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
            boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
            if (head) {
                ex.sendResponseHeaders(status, -1);
                return;
            }
            // Like the server, the error text goes through the requested compression; client-v2 does
            // not unpack 401/403 answers, so those stay plain.
            boolean packed = compress && status != 401 && status != 403;
            ex.sendResponseHeaders(status, packed ? 0 : text.length);
            try (OutputStream out =
                    packed ? new Lz4BlockOutput(ex.getResponseBody(), text.length) : ex.getResponseBody()) {
                out.write(text);
            }
        }

        private void commonHeaders(Headers h) {
            h.set("X-ClickHouse-Query-Id", queryId);
            h.set("X-ClickHouse-Timezone", engine.timezone());
            h.set("X-ClickHouse-Server-Display-Name", displayName);
        }

        private OutputStream wrapResponse(OutputStream raw, String httpCodec) throws IOException {
            OutputStream out = raw;
            if (httpCodec != null) {
                try {
                    out = CompressorStreamFactory.getSingleton()
                            .createCompressorOutputStream(httpCodecName(httpCodec), out);
                } catch (CompressorException e) {
                    throw new IOException(e);
                }
            }
            if (compress) {
                out = new Lz4BlockOutput(out, COMPRESS_BLOCK);
            }
            return out;
        }

        /** HTTP-level response compression, only when asked for with enable_http_compression=1 as on the server. */
        private String responseHttpCodec() {
            if (!"1".equals(params.get("enable_http_compression"))) {
                return null;
            }
            String accept = ex.getRequestHeaders().getFirst("Accept-Encoding");
            if (accept == null) {
                return null;
            }
            for (String token : accept.toLowerCase(Locale.ROOT).split(",")) {
                String t = token.strip();
                int semi = t.indexOf(';');
                if (semi >= 0) {
                    t = t.substring(0, semi).strip();
                }
                if (t.equals("gzip") || t.equals("deflate") || t.equals("lz4") || t.equals("zstd") || t.equals("xz")) {
                    return t;
                }
            }
            return null;
        }

        private void drain() {
            if (body == null) {
                body = ex.getRequestBody();
            }
            try {
                body.transferTo(OutputStream.nullOutputStream());
            } catch (IOException | RuntimeException e) {
                LOG.debug("Could not drain the request body: {}", e.toString());
            }
        }
    }

    private static String httpCodec(String contentEncoding) {
        return httpCodecName(contentEncoding.strip().toLowerCase(Locale.ROOT));
    }

    /** HTTP content-coding names to commons-compress names. */
    private static String httpCodecName(String coding) {
        switch (coding) {
            case "gzip":
            case "x-gzip":
                return CompressorStreamFactory.GZIP;
            case "deflate":
                return CompressorStreamFactory.DEFLATE;
            case "lz4":
                return CompressorStreamFactory.LZ4_FRAMED;
            case "zstd":
                return CompressorStreamFactory.ZSTANDARD;
            case "xz":
                return CompressorStreamFactory.XZ;
            case "br":
                return CompressorStreamFactory.BROTLI;
            default:
                throw new IllegalArgumentException(coding);
        }
    }

    static String summary(ChdbEngine.Stats s, long elapsedNs) {
        // The server quotes the numbers.
        return "{\"read_rows\":\"" + s.readRows() + "\",\"read_bytes\":\"" + s.readBytes()
                + "\",\"written_rows\":\"" + s.writtenRows() + "\",\"written_bytes\":\"" + s.writtenBytes()
                + "\",\"total_rows_to_read\":\"" + s.readRows() + "\",\"result_rows\":\"" + s.resultRows()
                + "\",\"result_bytes\":\"" + s.resultBytes() + "\",\"elapsed_ns\":\"" + elapsedNs + "\"}";
    }

    static String contentType(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        if (f.startsWith("json") || f.startsWith("ndjson")) {
            return f.contains("eachrow") || f.startsWith("ndjson")
                    ? "application/x-ndjson; charset=UTF-8"
                    : "application/json; charset=UTF-8";
        }
        if (f.startsWith("tabseparated") || f.startsWith("tsv")) {
            return "text/tab-separated-values; charset=UTF-8";
        }
        if (f.startsWith("csv")) {
            return "text/csv; charset=UTF-8; header=absent";
        }
        if (f.startsWith("pretty")
                || f.equals("vertical")
                || f.equals("markdown")
                || f.equals("values")
                || f.equals("tskv")
                || f.equals("xml")
                || f.equals("prettycompact")) {
            return "text/plain; charset=UTF-8";
        }
        return "application/octet-stream";
    }

    static String quoteString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('\'').toString();
    }

    static String quoteIdentifier(String s) {
        return "`" + s.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    /** The statement without trailing blanks and semicolons. */
    private static byte[] trimStatement(byte[] text, int end) {
        int e = end;
        while (e > 0
                && (text[e - 1] == ';'
                        || text[e - 1] == ' '
                        || text[e - 1] == '\n'
                        || text[e - 1] == '\r'
                        || text[e - 1] == '\t'
                        || text[e - 1] == '\f')) {
            e--;
        }
        return Arrays.copyOf(text, e);
    }

    private static boolean isBlank(byte[] text, int len) {
        for (int i = 0; i < len; i++) {
            byte b = text[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t' && b != ';') {
                return false;
            }
        }
        return true;
    }

    private static byte[] readAll(InputStream in) throws IOException, ClickHouseError {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[READ_CHUNK];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > MAX_QUERY_BYTES) {
                throw ClickHouseError.of(ClickHouseError.SYNTAX_ERROR, "Query is too large", "SYNTAX_ERROR");
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}
