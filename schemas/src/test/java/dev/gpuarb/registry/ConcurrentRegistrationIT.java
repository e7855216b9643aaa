package dev.gpuarb.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Producers that write the same new subject at the same moment (two connectors of a fresh run
 * sending their first token prices) must all get the schema's id: the real registry answers the
 * losers of its create race with 409 "already exists", which is not an incompatible schema.
 */
@ExtendWith(RealEngines.class)
class ConcurrentRegistrationIT {

    private static final int WRITERS = 8;

    @Test
    void writersRacingToCreateASubjectAllGetTheSameId(Engines engines) throws Exception {
        for (int round = 0; round < 5; round++) {
            String subject = "race-" + round + "-value";
            Schema schema = new Schema.Parser()
                    .parse("{\"type\":\"record\",\"name\":\"Race" + round
                            + "\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            try {
                List<Future<Integer>> ids = new ArrayList<>();
                for (int i = 0; i < WRITERS; i++) {
                    RestSchemaRegistryClient client =
                            new RestSchemaRegistryClient(RegistryClientConfig.of(engines.registryUrl()));
                    Callable<Integer> register = () -> {
                        start.await();
                        return client.register(subject, schema);
                    };
                    ids.add(pool.submit(register));
                }
                start.countDown();
                List<Integer> got = new ArrayList<>();
                for (Future<Integer> id : ids) {
                    got.add(id.get());
                }
                assertThat(got).as("round " + round).hasSize(WRITERS).containsOnly(got.get(0));
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
