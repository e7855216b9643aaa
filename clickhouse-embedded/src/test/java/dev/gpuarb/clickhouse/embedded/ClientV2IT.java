package dev.gpuarb.clickhouse.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.client.api.query.Records;
import com.clickhouse.data.ClickHouseFormat;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Java client, unchanged, against the engine through the HTTP front. */
class ClientV2IT {

    private static EmbeddedClickHouse ch;
    private static Client client;

    @BeforeAll
    static void start() throws Exception {
        ch = EmbeddedClickHouse.start(EmbeddedClickHouse.Config.defaults().withPoolSize(2));
        client = newClient(false);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (ch != null) {
            ch.stop();
        }
    }

    static Client newClient(boolean compressRequests) {
        return new Client.Builder()
                .addEndpoint(ch.httpUrl())
                .setUsername(EmbeddedClickHouse.USER)
                .setPassword(ch.password())
                .compressClientRequest(compressRequests)
                .build();
    }

    private static void exec(String sql) throws Exception {
        client.execute(sql).get(60, TimeUnit.SECONDS).close();
    }

    private static long count(String sql) {
        return client.queryAll(sql).get(0).getLong(1);
    }

    @Test
    void ping() {
        assertThat(client.ping()).isTrue();
    }

    @Test
    void ddlCreatesAndDropsObjects() throws Exception {
        exec("CREATE DATABASE IF NOT EXISTS ddl_db");
        exec("CREATE TABLE ddl_db.t (a UInt8) ENGINE = MergeTree ORDER BY a");
        assertThat(count("EXISTS TABLE ddl_db.t")).isEqualTo(1);
        exec("DROP TABLE ddl_db.t");
        assertThat(count("EXISTS TABLE ddl_db.t")).isZero();
        exec("DROP DATABASE ddl_db");
        assertThat(count("SELECT count() FROM system.databases WHERE name = 'ddl_db'"))
                .isZero();
    }

    @Test
    void mergeTreeInsertAndSelect() throws Exception {
        exec("CREATE TABLE mt (k UInt32, v String) ENGINE = MergeTree ORDER BY k");
        exec("INSERT INTO mt VALUES (2, 'two'), (1, 'one'), (3, 'three')");
        List<GenericRecord> rows = client.queryAll("SELECT k, v FROM mt ORDER BY k");
        assertThat(rows).extracting(r -> r.getLong("k")).containsExactly(1L, 2L, 3L);
        assertThat(rows).extracting(r -> r.getString("v")).containsExactly("one", "two", "three");
    }

    @Test
    void pojoRowsRoundTripThroughRowBinary() throws Exception {
        exec("CREATE TABLE prices (id UInt64, observedAt DateTime64(3, 'UTC'), region LowCardinality(String), "
                + "price Float64, spotPrice Nullable(Float64), note String) ENGINE = MergeTree ORDER BY id");
        TableSchema schema = client.getTableSchema("prices");
        client.register(PriceRow.class, schema);
        ZonedDateTime t0 = ZonedDateTime.of(2026, 3, 1, 12, 30, 45, 123_000_000, ZoneOffset.UTC);
        List<PriceRow> rows = new ArrayList<>();
        rows.add(new PriceRow(9_000_000_000_000_000_000L, t0, "us-east-1", 2.49, null, "blank\n\nline inside"));
        rows.add(new PriceRow(2, t0.plusSeconds(1), "us-west-2", 1.75, 0.61, ""));
        for (int i = 3; i < 1003; i++) {
            // Row bytes that contain "\n\n" and 0x0A ids would end inline data early; they must all arrive.
            rows.add(new PriceRow(
                    i,
                    t0.plusSeconds(i),
                    i % 2 == 0 ? "eu-west-1" : "us-west-2",
                    i / 100.0,
                    i % 3 == 0 ? null : i / 300.0,
                    "\n\n" + i));
        }
        try (InsertResponse r = client.insert("prices", rows).get(60, TimeUnit.SECONDS)) {
            assertThat(r.getWrittenRows()).isEqualTo(rows.size());
        }

        List<PriceRow> back = client.queryAll("SELECT * FROM prices ORDER BY id", PriceRow.class, schema);
        assertThat(back).hasSize(rows.size());
        PriceRow first = back.get(0);
        assertThat(first.getId()).isEqualTo(2);
        assertThat(first.getObservedAt().toInstant())
                .isEqualTo(t0.plusSeconds(1).toInstant());
        assertThat(first.getRegion()).isEqualTo("us-west-2");
        assertThat(first.getPrice()).isEqualTo(1.75);
        assertThat(first.getSpotPrice()).isEqualTo(0.61);
        PriceRow big = back.get(back.size() - 1);
        assertThat(big.getId()).isEqualTo(9_000_000_000_000_000_000L);
        assertThat(big.getObservedAt().toInstant()).isEqualTo(t0.toInstant());
        assertThat(big.getSpotPrice()).isNull();
        assertThat(big.getNote()).isEqualTo("blank\n\nline inside");
        assertThat(count("SELECT count() FROM prices WHERE note LIKE '\\n\\n%'"))
                .isEqualTo(1000);
        assertThat(count("SELECT countIf(spotPrice IS NULL) FROM prices")).isEqualTo(1 + 334);
    }

    @Test
    void jsonEachRowInsertKeepsRowsAfterBlankLines() throws Exception {
        exec("CREATE TABLE je (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
        String data = "{\"id\":1,\"name\":\"a\"}\n\n{\"id\":2,\"name\":\"b\"}\n\n\n{\"id\":3,\"name\":\"c\"}\n";
        try (InsertResponse r = client.insert(
                        "je",
                        new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)),
                        ClickHouseFormat.JSONEachRow)
                .get(60, TimeUnit.SECONDS)) {
            assertThat(r.getWrittenRows()).isEqualTo(3);
        }
        assertThat(client.queryAll("SELECT name FROM je ORDER BY id"))
                .extracting(r -> r.getString(1))
                .containsExactly("a", "b", "c");
    }

    @Test
    void tsvInsertKeepsEmptyLinesAsRows() throws Exception {
        exec("CREATE TABLE tsv_lines (s String) ENGINE = MergeTree ORDER BY tuple()");
        // For a single String column an empty line is an empty string: four rows, two of them empty.
        String data = "first\n\nthird\n\n";
        try (Client compressing = newClient(true);
                InsertResponse r = compressing
                        .insert(
                                "tsv_lines",
                                new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)),
                                ClickHouseFormat.TabSeparated)
                        .get(60, TimeUnit.SECONDS)) {
            assertThat(r.getWrittenRows()).isEqualTo(4);
        }
        assertThat(count("SELECT count() FROM tsv_lines")).isEqualTo(4);
        assertThat(count("SELECT countIf(s = '') FROM tsv_lines")).isEqualTo(2);
        assertThat(count("SELECT countIf(s = 'third') FROM tsv_lines")).isEqualTo(1);
    }

    @Test
    void queryAllAndRecordsReadTypedValues() throws Exception {
        List<GenericRecord> all = client.queryAll(
                "SELECT number AS n, toString(number) AS s, toUInt64(number) * 1000000000000 AS big FROM numbers(5)");
        assertThat(all).hasSize(5);
        assertThat(all.get(4).getLong("big")).isEqualTo(4_000_000_000_000L);
        long sum = 0;
        Records records =
                client.queryRecords("SELECT number AS n FROM numbers(100)").get(60, TimeUnit.SECONDS);
        try {
            for (GenericRecord r : records) {
                sum += r.getLong("n");
            }
            assertThat(records.getResultRows()).isEqualTo(100);
        } finally {
            records.close();
        }
        assertThat(sum).isEqualTo(4950);
    }

    @Test
    void queryParametersAreBoundByTheEngine() {
        List<GenericRecord> rows = client.queryAll(
                "SELECT {a:UInt32} + {b:UInt32} AS s, {name:String} AS n, {d:DateTime64(3, 'UTC')} AS d",
                Map.of("a", 40, "b", 2, "name", "it's \"quoted\"; not SQL", "d", "2026-01-02 03:04:05.678"));
        assertThat(rows.get(0).getLong("s")).isEqualTo(42);
        assertThat(rows.get(0).getString("n")).isEqualTo("it's \"quoted\"; not SQL");
        assertThat(rows.get(0).getZonedDateTime("d").toInstant().toString()).isEqualTo("2026-01-02T03:04:05.678Z");
    }

    @Test
    void settingsApplyToOneRequestOnly() throws Exception {
        QuerySettings withSetting = new QuerySettings().serverSetting("max_block_size", "1234");
        assertThat(client.queryAll("SELECT getSetting('max_block_size')", withSetting)
                        .get(0)
                        .getLong(1))
                .isEqualTo(1234);
        // A SET statement must not leak into later requests on a pooled session either.
        exec("SET max_block_size = 4321");
        for (int i = 0; i < 6; i++) {
            assertThat(count("SELECT getSetting('max_block_size')")).isNotIn(1234L, 4321L);
        }
    }

    /** The server error behind whatever the client wrapped it in. */
    static ServerException serverError(ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).as("expected a failure").isNotNull();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ServerException) {
                return (ServerException) c;
            }
        }
        throw new AssertionError("No ServerException in the cause chain", t);
    }

    @Test
    void unknownSettingIsRefusedLikeTheServer() {
        QuerySettings bad = new QuerySettings().serverSetting("no_such_setting_xyz", "1");
        ServerException e = serverError(() -> client.queryAll("SELECT 1", bad));
        assertThat(e.getCode()).isEqualTo(115);
        assertThat(e.getMessage()).contains("no_such_setting_xyz");
    }

    @Test
    void badQueryFailsWithTheClickHouseCode() {
        ServerException e = serverError(() -> client.queryAll("SELECT * FROM no_such_table"));
        assertThat(e.getCode()).isEqualTo(60);
        assertThat(e.getTransportProtocolCode()).isGreaterThanOrEqualTo(400);
        assertThat(e.getMessage()).contains("UNKNOWN_TABLE").contains("no_such_table");
        assertThat(serverError(() -> client.queryAll("SELEC 1")).getCode()).isEqualTo(62);
    }

    @Test
    void multipleStatementsAreRefused() throws Exception {
        exec("CREATE TABLE keep_me (a UInt8) ENGINE = MergeTree ORDER BY a");
        ServerException e =
                serverError(() -> client.execute("SELECT 1; DROP TABLE keep_me").get(60, TimeUnit.SECONDS));
        assertThat(e.getCode()).isEqualTo(62);
        assertThat(e.getMessage()).contains("Multi-statements are not allowed");
        assertThat(count("EXISTS TABLE keep_me")).isEqualTo(1);
    }

    @Test
    void deduplicationTokenDropsARetriedBatch() throws Exception {
        exec("CREATE TABLE dedup (id UInt32, v String) ENGINE = MergeTree ORDER BY id "
                + "SETTINGS non_replicated_deduplication_window = 100");
        byte[] batch = "{\"id\":1,\"v\":\"a\"}\n{\"id\":2,\"v\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
        InsertSettings first = new InsertSettings().setDeduplicationToken("prices.gpu-0-100-101");
        for (int attempt = 0; attempt < 3; attempt++) {
            client.insert("dedup", new ByteArrayInputStream(batch), ClickHouseFormat.JSONEachRow, first)
                    .get(60, TimeUnit.SECONDS)
                    .close();
        }
        assertThat(count("SELECT count() FROM dedup")).isEqualTo(2);
        InsertSettings next = new InsertSettings().setDeduplicationToken("prices.gpu-0-102-103");
        client.insert("dedup", new ByteArrayInputStream(batch), ClickHouseFormat.JSONEachRow, next)
                .get(60, TimeUnit.SECONDS)
                .close();
        assertThat(count("SELECT count() FROM dedup")).isEqualTo(4);
    }

    @Test
    void responseCarriesServerHeaders() throws Exception {
        var response = client.query("SELECT 1", new QuerySettings().setQueryId("my-query-id"))
                .get(60, TimeUnit.SECONDS);
        try (response) {
            assertThat(response.getQueryId()).isEqualTo("my-query-id");
            assertThat(response.getResultRows()).isEqualTo(1);
            assertThat(response.getTimeZone()).isNotNull();
        }
    }
}
