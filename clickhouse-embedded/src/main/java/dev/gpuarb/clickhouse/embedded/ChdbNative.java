package dev.gpuarb.clickhouse.embedded;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The subset of chDB's C API ({@code chdb.h}) that the HTTP front needs. Opaque handles are plain
 * pointers; {@code size_t} and {@code uint64_t} are {@code long} (the library only ships for x86-64).
 * Binary-safe {@code _n} variants take byte arrays so no text goes through JNA's string encoding.
 */
interface ChdbNative extends Library {

    int CHDB_SUCCESS = 0;

    String chdb_version();

    /** Returns {@code chdb_connection *}; the connection itself is the pointer stored there. */
    Pointer chdb_connect(int argc, String[] argv);

    void chdb_close_conn(Pointer connectionRef);

    Pointer chdb_query_n(Pointer conn, byte[] query, long queryLen, byte[] format, long formatLen);

    Pointer chdb_query_with_params_n(
            Pointer conn,
            byte[] query,
            long queryLen,
            byte[] format,
            long formatLen,
            Pointer[] names,
            long[] nameLens,
            Pointer[] values,
            long[] valueLens,
            long count);

    Pointer chdb_stream_insert_n(Pointer conn, byte[] query, long queryLen, byte[] format, long formatLen);

    Pointer chdb_stream_insert_with_params_n(
            Pointer conn,
            byte[] query,
            long queryLen,
            byte[] format,
            long formatLen,
            Pointer[] names,
            long[] nameLens,
            Pointer[] values,
            long[] valueLens,
            long count);

    int chdb_stream_append(Pointer stream, Pointer data, long len);

    Pointer chdb_stream_done(Pointer stream);

    Pointer chdb_stream_insert_error(Pointer stream);

    void chdb_destroy_insert_stream(Pointer stream);

    Pointer chdb_result_buffer(Pointer result);

    long chdb_result_length(Pointer result);

    long chdb_result_rows_read(Pointer result);

    long chdb_result_bytes_read(Pointer result);

    long chdb_result_storage_rows_read(Pointer result);

    long chdb_result_storage_bytes_read(Pointer result);

    long chdb_result_rows_written(Pointer result);

    long chdb_result_bytes_written(Pointer result);

    Pointer chdb_result_error(Pointer result);

    void chdb_destroy_query_result(Pointer result);
}
