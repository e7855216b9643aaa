package dev.gpuarb.streams.state;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the native memory of every RocksDB store of one application: all its stores share one
 * block cache, and their memtables are charged to that cache through one write buffer manager, so
 * the application's RocksDB memory stays near {@value #MEMORY_BYTES_CONFIG} however many stores
 * and partitions it has (by default each store would take its own cache and memtables). Index and
 * filter blocks live in the cache too, so they count against the bound.
 *
 * <p>Kafka Streams creates a setter per store, so the shared objects are kept per application id:
 * two applications in one JVM get one budget each. They live as long as the JVM, as Kafka Streams'
 * own bounded-memory example does; a closed store must not close what others still use.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Bytes of RocksDB memory for all stores of the application (block cache, memtables, indexes). */
    public static final String MEMORY_BYTES_CONFIG = "gpuarb.rocksdb.memory.bytes";
    /** Share of the bound that memtables may take. */
    static final double WRITE_BUFFER_SHARE = 0.25;

    private static final Map<String, Shared> BY_APPLICATION = new ConcurrentHashMap<>();

    /** The block cache and write buffer manager of one application. */
    record Shared(long bytes, Cache cache, WriteBufferManager writeBuffers) {}

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = shared(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(shared.writeBuffers());
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write buffer manager are shared with the application's other stores.
    }

    static Shared shared(Map<String, Object> configs) {
        String application = String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG));
        long bytes = Long.parseLong(String.valueOf(configs.get(MEMORY_BYTES_CONFIG)));
        return BY_APPLICATION.computeIfAbsent(application, a -> {
            // strict capacity limit off: a full cache evicts, it never fails a read
            Cache cache = new LRUCache(bytes, -1, false, 0.1);
            return new Shared(bytes, cache, new WriteBufferManager((long) (bytes * WRITE_BUFFER_SHARE), cache));
        });
    }
}
