package dev.gpuarb.sink.clickhouse.db;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.DataStreamWriter;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The few ClickHouse operations the sink and the migrations need, over the official client
 * (client-v2). Every failure comes out as a {@link ClickHouseException} that says whether it is
 * worth retrying.
 */
public final class ClickHouseGateway implements RowInserter, AutoCloseable {

    private final Client client;
    private final ClickHouseSettings settings;

    public ClickHouseGateway(ClickHouseSettings settings) {
        this.settings = settings;
        long timeoutMs = settings.timeout().toMillis();
        this.client = new Client.Builder()
                .addEndpoint(settings.url())
                .setUsername(settings.username())
                .setPassword(settings.password())
                .setConnectTimeout(timeoutMs, ChronoUnit.MILLIS)
                .setSocketTimeout(timeoutMs, ChronoUnit.MILLIS)
                // The sink retries whole batches itself, with the same deduplication token.
                .setMaxRetries(0)
                .build();
    }

    public ClickHouseSettings settings() {
        return settings;
    }

    public String database() {
        return settings.database();
    }

    /** Runs one statement that returns no rows (DDL, INSERT ... VALUES with parameters). */
    public void execute(String sql, Map<String, Object> params) {
        try {
            CommandResponse response = client.execute(sql, params).get(timeoutSeconds(), TimeUnit.SECONDS);
            response.close(); // nothing to read
        } catch (Exception e) {
            throw failure("statement failed", e);
        }
    }

    public void execute(String sql) {
        execute(sql, Map.of());
    }

    /**
     * Runs a query with {@code {name:Type}} parameters and returns every row. Unqualified table
     * names resolve in the sink's database.
     */
    public List<GenericRecord> query(String sql, Map<String, Object> params) {
        try {
            return client.queryAll(sql, params, new QuerySettings().setDatabase(settings.database()));
        } catch (Exception e) {
            throw failure("query failed", e);
        }
    }

    public List<GenericRecord> query(String sql) {
        return query(sql, Map.of());
    }

    @Override
    public void insertRows(String table, List<String> columns, List<byte[]> rows, String deduplicationToken) {
        // Named explicitly so that rows stay aligned with their columns after a column is added.
        List<String> quoted = columns.stream()
                .map(c -> "`" + Identifiers.requireValid(c) + "`")
                .toList();
        // Written straight into the request: no copy of the whole batch (megabytes) per attempt.
        insert(
                table,
                quoted,
                out -> {
                    for (byte[] row : rows) {
                        out.write(row);
                    }
                },
                ClickHouseFormat.RowBinaryWithDefaults,
                deduplicationToken);
    }

    /** {@link #insertRows(String, List, List, String)} with the rows already joined into one body. */
    public void insertRows(String table, List<String> columns, byte[] rows, String deduplicationToken) {
        insertRows(table, columns, List.of(rows), deduplicationToken);
    }

    /** Inserts JSONEachRow rows; the reference data the migrator computes ({@code ThroughputTables}). */
    public void insertJsonEachRow(String table, byte[] rows, String deduplicationToken) {
        insert(table, List.of(), out -> out.write(rows), ClickHouseFormat.JSONEachRow, deduplicationToken);
    }

    private void insert(
            String table,
            List<String> columns,
            DataStreamWriter body,
            ClickHouseFormat format,
            String deduplicationToken) {
        InsertSettings insert = new InsertSettings().setDatabase(settings.database());
        if (deduplicationToken != null) {
            insert.setDeduplicationToken(deduplicationToken);
        }
        try {
            InsertResponse response = client.insert(Identifiers.requireValid(table), columns, body, format, insert)
                    .get(timeoutSeconds(), TimeUnit.SECONDS);
            response.close(); // the summary is not needed
        } catch (Exception e) {
            throw failure("insert into " + table + " failed", e);
        }
    }

    private long timeoutSeconds() {
        return Math.max(5, settings.timeout().toSeconds() * 2);
    }

    private static ClickHouseException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof TimeoutException) {
            return new ClickHouseException(what + ": timed out", true);
        }
        return new ClickHouseException(what, cause);
    }

    @Override
    public void close() {
        client.close();
    }
}
