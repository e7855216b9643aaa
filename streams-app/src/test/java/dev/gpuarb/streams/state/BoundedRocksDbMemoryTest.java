package dev.gpuarb.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbMemoryTest {

    static {
        RocksDB.loadLibrary();
    }

    private static Map<String, Object> configs(String application, long bytes) {
        return Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG,
                application,
                BoundedRocksDbMemory.MEMORY_BYTES_CONFIG,
                Long.toString(bytes));
    }

    @Test
    void storesOfOneApplicationShareOneBudgetAndAnotherApplicationHasItsOwn() {
        long mib = 1024 * 1024;
        BoundedRocksDbMemory.Shared routingA = BoundedRocksDbMemory.shared(configs("test-bounded-routing", 64 * mib));
        BoundedRocksDbMemory.Shared routingB = BoundedRocksDbMemory.shared(configs("test-bounded-routing", 64 * mib));
        BoundedRocksDbMemory.Shared analytics =
                BoundedRocksDbMemory.shared(configs("test-bounded-analytics", 32 * mib));

        assertThat(routingB).isSameAs(routingA);
        assertThat(analytics.cache()).isNotSameAs(routingA.cache());
        assertThat(routingA.bytes()).isEqualTo(64 * mib);
        assertThat(analytics.bytes()).isEqualTo(32 * mib);
    }

    @Test
    void aStoreGetsTheSharedCacheWithItsIndexesInItAndTheWriteBufferManager() {
        BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        try (Options options = new Options()) {
            options.setTableFormatConfig(new BlockBasedTableConfig());
            setter.setConfig("route-candidates", options, configs("test-bounded-store", 16L * 1024 * 1024));
            BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
            // Options keeps the manager it was given: a store whose memtables are not charged to the cache would not
            // be bounded; RocksJava exposes the manager only by identity, so check it is the application's.
            assertThat(options.writeBufferManager())
                    .isSameAs(BoundedRocksDbMemory.shared(configs("test-bounded-store", 16L * 1024 * 1024))
                            .writeBuffers());
            setter.close("route-candidates", options);
        }
    }
}
