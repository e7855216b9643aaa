package dev.gpuarb.clickhouse.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.internal.CompressedBlockInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP interface as curl and other plain HTTP clients use it. */
class HttpInterfaceIT {

    private static EmbeddedClickHouse ch;
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws IOException {
        ch = EmbeddedClickHouse.start(EmbeddedClickHouse.Config.defaults());
    }

    @AfterAll
    static void stop() {
        if (ch != null) {
            ch.stop();
        }
    }

    private static HttpResponse<byte[]> post(String urlParams, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ch.httpUrl() + "/" + urlParams))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("X-ClickHouse-User", EmbeddedClickHouse.USER)
                .header("X-ClickHouse-Key", ch.password());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> post(String urlParams, String body, String... headers) throws Exception {
        return post(urlParams, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String q(String sql) {
        return "?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8);
    }

    private static String get(String sql) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(ch.httpUrl() + "/" + q(sql)))
                        .header("X-ClickHouse-User", EmbeddedClickHouse.USER)
                        .header("X-ClickHouse-Key", ch.password())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void pingAnswersOk() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(ch.httpUrl() + "/ping")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Ok.\n");
    }

    @Test
    void queryAnswersWithServerHeaders() throws Exception {
        HttpResponse<byte[]> r = post("?query_id=curl-1", "SELECT number FROM numbers(3) FORMAT JSONEachRow");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("{\"number\":0}\n{\"number\":1}\n{\"number\":2}\n");
        assertThat(r.headers().firstValue("X-ClickHouse-Format")).hasValue("JSONEachRow");
        assertThat(r.headers().firstValue("X-ClickHouse-Query-Id")).hasValue("curl-1");
        assertThat(r.headers().firstValue("X-ClickHouse-Timezone")).isPresent();
        assertThat(r.headers().firstValue("X-ClickHouse-Server-Display-Name").orElse(""))
                .isNotBlank();
        assertThat(r.headers().firstValue("X-ClickHouse-Summary").orElse("")).contains("\"result_rows\":\"3\"");
    }

    @Test
    void formatHeaderChoosesTheOutputFormat() throws Exception {
        HttpResponse<byte[]> r = post("", "SELECT 1 AS a, 'x' AS b", "X-ClickHouse-Format", "CSVWithNames");
        assertThat(text(r)).isEqualTo("\"a\",\"b\"\n1,\"x\"\n");
        assertThat(get("SELECT 2 + 2")).isEqualTo("4\n");
    }

    @Test
    void insertDataInTheBodyIsStreamedWhole() throws Exception {
        post("", "CREATE TABLE lines (s String) ENGINE = MergeTree ORDER BY tuple()");
        HttpResponse<byte[]> r1 = post(q("INSERT INTO lines FORMAT TSV"), "a\n\nb\n");
        assertThat(r1.statusCode()).as(text(r1)).isEqualTo(200);
        assertThat(r1.headers().firstValue("X-ClickHouse-Summary").orElse("")).contains("\"written_rows\":\"3\"");
        // Statement and data in the body, as client-v2 sends them: the data is "\nc\n\n", three rows.
        HttpResponse<byte[]> r2 = post("", "INSERT INTO lines FORMAT TSV\n\nc\n\n");
        assertThat(r2.statusCode()).as(text(r2)).isEqualTo(200);
        assertThat(get("SELECT count(), countIf(s = ''), countIf(s = 'c') FROM lines"))
                .isEqualTo("6\t3\t1\n");
    }

    @Test
    void valuesWithBlankLinesAndSemicolonsStayData() throws Exception {
        post("", "CREATE TABLE vals (a UInt8, s String) ENGINE = MergeTree ORDER BY a");
        HttpResponse<byte[]> r = post("", "INSERT INTO vals VALUES (1, 'x;y'),\n\n(2, 'DROP TABLE vals')");
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        assertThat(get("SELECT groupArray(s) FROM (SELECT s FROM vals ORDER BY a)"))
                .isEqualTo("['x;y','DROP TABLE vals']\n");
    }

    @Test
    void errorsCarryTheCodeInHeaderAndBody() throws Exception {
        HttpResponse<byte[]> r = post("", "SELECT * FROM missing_table");
        assertThat(r.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(r.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("60");
        assertThat(text(r)).startsWith("Code: 60. DB::Exception: ");
        HttpResponse<byte[]> multi = post("", "SELECT 1; SELECT 2");
        assertThat(multi.statusCode()).isEqualTo(400);
        assertThat(multi.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("62");
    }

    @Test
    void compressedAnswerUnpacksToThePlainOne() throws Exception {
        // Pseudo-random bytes do not compress: blocks must still fit.
        String sql = "SELECT reinterpretAsString(sipHash64(number)) FROM numbers(300000) FORMAT RowBinary";
        byte[] plain = post("", sql).body();
        HttpResponse<byte[]> packed = post("?compress=1", sql);
        assertThat(packed.statusCode()).isEqualTo(200);
        assertThat(packed.body()).isNotEqualTo(plain);
        assertThat(unpack(packed.body())).isEqualTo(plain);
        assertThat(plain.length).isGreaterThan(2_000_000);
    }

    @Test
    void compressedRequestBodyIsUnpacked() throws Exception {
        post("", "CREATE TABLE packed_in (n UInt32) ENGINE = MergeTree ORDER BY n");
        StringBuilder rows = new StringBuilder("INSERT INTO packed_in FORMAT TSV\n");
        for (int i = 0; i < 10000; i++) {
            rows.append(i).append('\n');
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Lz4BlockOutput out = new Lz4BlockOutput(buf, 4096)) {
            out.write(rows.toString().getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> r = post("?decompress=1", buf.toByteArray());
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("INSERT INTO packed_in FORMAT TSV\n10000\n".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> r2 = post("", gz.toByteArray(), "Content-Encoding", "gzip");
        assertThat(r2.statusCode()).as(text(r2)).isEqualTo(200);
        assertThat(get("SELECT count(), sum(n) FROM packed_in")).isEqualTo("10001\t50005000\n");
    }

    @Test
    void databaseParameterScopesOneRequest() throws Exception {
        post("", "CREATE DATABASE IF NOT EXISTS other");
        post("", "CREATE TABLE other.t (a UInt8) ENGINE = MergeTree ORDER BY a");
        HttpResponse<byte[]> r = post("?database=other", "SELECT currentDatabase(), count() FROM t");
        assertThat(text(r)).isEqualTo("other\t0\n");
        for (int i = 0; i < 5; i++) {
            assertThat(get("SELECT currentDatabase()")).isEqualTo("default\n");
        }
    }

    @Test
    void queryParametersFromTheUrl() throws Exception {
        HttpResponse<byte[]> r = post(
                "?param_id=7&param_name=" + URLEncoder.encode("a'b", StandardCharsets.UTF_8),
                "SELECT {id:UInt8} * 6, {name:String}");
        assertThat(text(r)).isEqualTo("42\ta\\'b\n"); // TSV escapes the quote
    }

    private static byte[] unpack(byte[] body) throws IOException {
        try (InputStream in = new CompressedBlockInputStream(
                new ByteArrayInputStream(body), LZ4Factory.fastestInstance().fastDecompressor(), 64 * 1024)) {
            return in.readAllBytes();
        }
    }
}
