package dev.gpuarb.clickhouse.embedded;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chDB engine loaded into this process, with a small pool of connections to one data path.
 * A chDB connection behaves like a server session (settings, current database, temporary tables)
 * and runs one statement at a time, so each HTTP request borrows a connection of its own.
 */
final class ChdbEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChdbEngine.class);

    private final ChdbNative lib;
    private final Path dataDir;
    private final Path configFile;
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private volatile boolean closed;
    private final String version;
    private final String timezone;

    private ChdbEngine(ChdbNative lib, Path dataDir, Path configFile, int poolSize) throws ClickHouseError {
        this.lib = lib;
        this.dataDir = dataDir;
        this.configFile = configFile;
        this.idle = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            idle.add(connect());
        }
        Connection c = idle.peek();
        String[] info = new String(
                        c.queryBytes("SELECT version(), timezone()", "TabSeparated", Map.of()), StandardCharsets.UTF_8)
                .strip()
                .split("\t");
        this.version = info[0];
        this.timezone = info.length > 1 ? info[1] : "UTC";
    }

    /** @param configFile the engine's configuration ({@link EngineAccess}) */
    static ChdbEngine open(Path library, Path dataDir, Path configFile, int poolSize) throws ClickHouseError {
        ChdbNative lib = Native.load(library.toString(), ChdbNative.class);
        LOG.info("Loaded chDB {} from {}", lib.chdb_version(), library);
        return new ChdbEngine(lib, dataDir, configFile, poolSize);
    }

    String version() {
        return version;
    }

    String timezone() {
        return timezone;
    }

    private synchronized Connection connect() throws ClickHouseError {
        if (closed) {
            throw ClickHouseError.of(210, "The engine is shutting down", "NETWORK_ERROR");
        }
        Pointer ref =
                lib.chdb_connect(3, new String[] {"clickhouse", "--path=" + dataDir, "--config-file=" + configFile});
        if (ref == null || ref.getPointer(0) == null) {
            throw ClickHouseError.of(
                    ClickHouseError.UNKNOWN_EXCEPTION, "chdb_connect failed for path " + dataDir, "UNKNOWN_EXCEPTION");
        }
        Connection c = new Connection(ref);
        all.add(c);
        return c;
    }

    Connection borrow() throws InterruptedException, ClickHouseError {
        if (closed) {
            throw ClickHouseError.of(210, "The engine is shutting down", "NETWORK_ERROR");
        }
        return idle.take();
    }

    /** Returns a connection; one whose session state may have changed is replaced by a fresh one. */
    void release(Connection c, boolean replace) {
        if (replace && !closed) {
            synchronized (this) {
                c.close();
                all.remove(c);
            }
            try {
                c = connect();
            } catch (ClickHouseError e) {
                LOG.error("Could not replace a chDB connection; the pool shrinks by one", e);
                return;
            }
        }
        if (closed) {
            c.close();
        } else {
            idle.add(c);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Connection c : all) {
            c.close();
        }
        all.clear();
        idle.clear();
    }

    /** Execution figures for the X-ClickHouse-Summary header. */
    record Stats(
            long readRows, long readBytes, long writtenRows, long writtenBytes, long resultRows, long resultBytes) {}

    /** One chDB connection. Not thread-safe: used by one request at a time. */
    final class Connection {
        private final Pointer ref;
        private final Pointer conn;
        private boolean open = true;

        private Connection(Pointer ref) {
            this.ref = ref;
            this.conn = ref.getPointer(0);
        }

        /** Runs a statement whose output is not needed. */
        void execute(String sql) throws ClickHouseError {
            query(sql.getBytes(StandardCharsets.UTF_8), "TabSeparated", Map.of())
                    .close();
        }

        byte[] queryBytes(String sql, String format, Map<String, String> params) throws ClickHouseError {
            try (Result r = query(sql.getBytes(StandardCharsets.UTF_8), format, params)) {
                return r.length() == 0 ? new byte[0] : r.buffer.getByteArray(0, Math.toIntExact(r.length()));
            }
        }

        Result query(byte[] sql, String format, Map<String, String> params) throws ClickHouseError {
            byte[] fmt = format.getBytes(StandardCharsets.UTF_8);
            Pointer r;
            if (params.isEmpty()) {
                r = lib.chdb_query_n(conn, sql, sql.length, fmt, fmt.length);
            } else {
                NativeParams p = new NativeParams(params);
                r = lib.chdb_query_with_params_n(
                        conn, sql, sql.length, fmt, fmt.length, p.names, p.nameLens, p.values, p.valueLens, p.count);
            }
            if (r == null) {
                throw ClickHouseError.of(
                        ClickHouseError.UNKNOWN_EXCEPTION, "chDB returned no result", "UNKNOWN_EXCEPTION");
            }
            Pointer err = lib.chdb_result_error(r);
            if (err != null) {
                String text = err.getString(0, StandardCharsets.UTF_8.name());
                lib.chdb_destroy_query_result(r);
                throw ClickHouseError.fromEngine(text);
            }
            return new Result(r);
        }

        /**
         * Streams insert data into chDB's streaming-insert API. The data never goes into the query
         * text: chDB ends inline data at the first blank line, which would cut binary rows silently.
         *
         * @param head the INSERT statement without FORMAT clause or data
         */
        Stats insert(byte[] head, String format, Map<String, String> params, InputStream data, int chunkSize)
                throws ClickHouseError, IOException {
            byte[] fmt = format.getBytes(StandardCharsets.UTF_8);
            Pointer stream;
            if (params.isEmpty()) {
                stream = lib.chdb_stream_insert_n(conn, head, head.length, fmt, fmt.length);
            } else {
                NativeParams p = new NativeParams(params);
                stream = lib.chdb_stream_insert_with_params_n(
                        conn, head, head.length, fmt, fmt.length, p.names, p.nameLens, p.values, p.valueLens, p.count);
            }
            if (stream == null) {
                throw ClickHouseError.of(
                        ClickHouseError.UNKNOWN_EXCEPTION, "chDB returned no insert stream", "UNKNOWN_EXCEPTION");
            }
            try {
                checkStream(stream);
                byte[] chunk = new byte[chunkSize];
                Memory nativeChunk = new Memory(chunkSize);
                int n;
                while ((n = data.readNBytes(chunk, 0, chunk.length)) > 0) {
                    nativeChunk.write(0, chunk, 0, n);
                    if (lib.chdb_stream_append(stream, nativeChunk, n) != ChdbNative.CHDB_SUCCESS) {
                        checkStream(stream);
                        throw ClickHouseError.of(
                                ClickHouseError.UNKNOWN_EXCEPTION, "insert stream refused data", "UNKNOWN_EXCEPTION");
                    }
                }
                Pointer r = lib.chdb_stream_done(stream);
                if (r == null) {
                    checkStream(stream);
                    throw ClickHouseError.of(
                            ClickHouseError.UNKNOWN_EXCEPTION, "insert did not finish", "UNKNOWN_EXCEPTION");
                }
                try (Result result = new Result(r)) {
                    Pointer err = lib.chdb_result_error(r);
                    if (err != null) {
                        throw ClickHouseError.fromEngine(err.getString(0, StandardCharsets.UTF_8.name()));
                    }
                    return result.stats();
                }
            } finally {
                // Cancels the insert first when it was not finished.
                lib.chdb_destroy_insert_stream(stream);
            }
        }

        private void checkStream(Pointer stream) throws ClickHouseError {
            Pointer err = lib.chdb_stream_insert_error(stream);
            if (err != null) {
                throw ClickHouseError.fromEngine(err.getString(0, StandardCharsets.UTF_8.name()));
            }
        }

        private synchronized void close() {
            if (open) {
                open = false;
                lib.chdb_close_conn(ref);
            }
        }
    }

    /** A materialised query result held in native memory until closed. */
    final class Result implements AutoCloseable {
        private final Pointer handle;
        private final Pointer buffer;
        private final long length;

        private Result(Pointer handle) {
            this.handle = handle;
            this.length = lib.chdb_result_length(handle);
            this.buffer = length > 0 ? lib.chdb_result_buffer(handle) : null;
        }

        long length() {
            return length;
        }

        Stats stats() {
            return new Stats(
                    lib.chdb_result_storage_rows_read(handle),
                    lib.chdb_result_storage_bytes_read(handle),
                    lib.chdb_result_rows_written(handle),
                    lib.chdb_result_bytes_written(handle),
                    lib.chdb_result_rows_read(handle),
                    lib.chdb_result_bytes_read(handle));
        }

        /** Copies the result out of native memory in bounded pieces, so big results need no big heap arrays. */
        void writeTo(OutputStream out) throws IOException {
            byte[] piece = new byte[(int) Math.min(length, 256 * 1024)];
            for (long off = 0; off < length; ) {
                int n = (int) Math.min(piece.length, length - off);
                buffer.read(off, piece, 0, n);
                out.write(piece, 0, n);
                off += n;
            }
        }

        @Override
        public void close() {
            lib.chdb_destroy_query_result(handle);
        }
    }

    /** Query parameters as the length-prefixed native arrays that the {@code _with_params_n} calls take. */
    private static final class NativeParams {
        final Pointer[] names;
        final long[] nameLens;
        final Pointer[] values;
        final long[] valueLens;
        final int count;

        NativeParams(Map<String, String> params) {
            count = params.size();
            names = new Pointer[count];
            nameLens = new long[count];
            values = new Pointer[count];
            valueLens = new long[count];
            int i = 0;
            for (Map.Entry<String, String> e : params.entrySet()) {
                byte[] n = e.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
                names[i] = copy(n);
                nameLens[i] = n.length;
                values[i] = copy(v);
                valueLens[i] = v.length;
                i++;
            }
        }

        private static Pointer copy(byte[] bytes) {
            Memory m = new Memory(Math.max(1, bytes.length));
            m.write(0, bytes, 0, bytes.length);
            return m;
        }
    }
}
