package dev.gpuarb.bench.macro;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.gpuarb.bench.pipeline.BenchEngines;
import dev.gpuarb.bench.pipeline.SimulatorFeed;
import dev.gpuarb.bench.report.BenchmarkReport.Sink;
import dev.gpuarb.bench.stats.Summary;
import dev.gpuarb.clickhouse.embedded.EmbeddedClickHouse;
import dev.gpuarb.engines.connect.EmbeddedConnectWorker;
import dev.gpuarb.engines.registry.EmbeddedSchemaRegistry;
import dev.gpuarb.sink.clickhouse.ClickHouseSinkConnector;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.sink.clickhouse.db.ClickHouseSettings;
import dev.gpuarb.sink.clickhouse.migrate.Migrator;
import dev.gpuarb.sink.clickhouse.migrate.RetentionSettings;
import dev.gpuarb.topics.Topic;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Sink: rows per second from prices.gpu into ClickHouse through the sink connector (exactly-once,
 * production batch settings) in a real Connect worker, next to one direct bulk insert (client-v2,
 * RowBinary) of exactly the rows the connector wrote, into an identically migrated database of the
 * same engine (same table, same materialized views).
 *
 * <p>The connector's headline rate counts from its first landed rows to its last: the rows already
 * buffered when the first batch lands are counted at the speed of their inserts. So it is also measured
 * from the moment its tasks own every partition (Kafka fetch, Avro, conversion, the batches' wait and
 * the inserts all inside), and the inserts it made are counted.
 */
public final class SinkBenchmark {

    private final EmbeddedSchemaRegistry registry;
    private final Path workDir;
    private final long rows;
    private final int repetitions;

    public SinkBenchmark(EmbeddedSchemaRegistry registry, Path workDir, long rows, int repetitions) {
        this.registry = registry;
        this.workDir = workDir;
        this.rows = rows;
        this.repetitions = repetitions;
    }

    public Sink run() throws Exception {
        try (BenchEngines engines = BenchEngines.start(registry);
                EmbeddedClickHouse ch =
                        EmbeddedClickHouse.start(EmbeddedClickHouse.Config.of(workDir.resolve("clickhouse"))
                                .withPoolSize(4));
                Client client = new Client.Builder()
                        .addEndpoint(ch.httpUrl())
                        .setUsername(EmbeddedClickHouse.USER)
                        .setPassword(ch.password())
                        .build()) {
            long produced;
            try (KafkaProducer<String, SpecificRecord> producer =
                    engines.clients().bulkProducer()) {
                produced = SimulatorFeed.produce(producer, rows, 0, 2000).priceTicks();
            }
            List<Double> viaConnector = new ArrayList<>();
            List<Double> fromAssignment = new ArrayList<>();
            List<Double> inserts = new ArrayList<>();
            List<Double> direct = new ArrayList<>();
            try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(EmbeddedConnectWorker.Config.distributed(
                    engines.bootstrap(),
                    "bench-connect",
                    Map.of(
                            "value.converter",
                            "dev.gpuarb.connect.AvroConverter",
                            "value.converter.schema.registry.url",
                            registry.url())))) {
                for (int rep = 1; rep <= repetitions; rep++) {
                    String db = "bench_sink_" + rep;
                    ConnectorRun run = connectorRate(
                            worker, engines, client, ch.httpUrl(), ch.password(), db, "bench-sink-" + rep, produced);
                    viaConnector.add(run.fromFirstRows());
                    fromAssignment.add(run.fromAssignment());
                    inserts.add((double) run.inserts());
                    direct.add(directRate(client, ch.httpUrl(), ch.password(), db, "bench_direct_" + rep, produced));
                    System.out.printf(
                            "  repetition %d: connector %,.0f rows/s (%,.0f from partition assignment, %d inserts),"
                                    + " direct insert %,.0f rows/s%n",
                            rep, run.fromFirstRows(), run.fromAssignment(), run.inserts(), direct.get(rep - 1));
                }
            }
            Summary c = Summary.of(viaConnector);
            Summary d = Summary.of(direct);
            return new Sink(produced, c, d, c.median() / d.median(), Summary.of(fromAssignment), Summary.of(inserts));
        }
    }

    /**
     * @param fromFirstRows  rows after the first landed ones / time from the first landed rows to the last
     * @param fromAssignment all rows / time from the tasks owning every partition to the last row landed
     * @param inserts        batches the connector inserted
     */
    private record ConnectorRun(double fromFirstRows, double fromAssignment, long inserts) {}

    private static ConnectorRun connectorRate(
            EmbeddedConnectWorker worker,
            BenchEngines engines,
            Client client,
            String url,
            String password,
            String db,
            String name,
            long expected)
            throws Exception {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("connector.class", ClickHouseSinkConnector.class.getName());
        cfg.put("tasks.max", "2");
        cfg.put("topics", Topic.GPU_PRICES.topicName());
        cfg.put("clickhouse.url", url);
        cfg.put("clickhouse.password", password);
        cfg.put("clickhouse.database", db);
        cfg.put("topic.table.map", Topic.GPU_PRICES.topicName() + ":gpu_prices");
        int partitions = Topic.GPU_PRICES.defaultPartitions();
        // Watched on its own thread so that the first-rows poll below keeps its own pace.
        CompletableFuture<Long> assigned;
        try (Admin admin = Admin.create(engines.clients().props())) {
            assigned = CompletableFuture.supplyAsync(() -> awaitAssignment(admin, "connect-" + name, partitions));
            worker.putConnector(name, cfg);
            long[] atStart = new long[1];
            // From the first landed batch: connector start and migrations are not the sink's steady rate.
            long t0 = Waits.until(
                    "first rows in " + db,
                    Duration.ofMinutes(3),
                    50,
                    () -> {
                        atStart[0] = count(client, db);
                        return atStart[0] > 0;
                    },
                    () -> {});
            long t1 = Waits.until(
                    expected + " rows in " + db,
                    Duration.ofMinutes(20),
                    100,
                    () -> count(client, db) >= expected,
                    () -> {});
            long tAssigned = assigned.get(1, TimeUnit.MINUTES);
            worker.deleteConnector(name);
            long landed = count(client, db);
            if (landed != expected) {
                throw new IllegalStateException("the sink wrote " + landed + " rows, expected " + expected);
            }
            // One insert is one partition's batch, and its rows share the _inserted_at default (sink_state's
            // rows cannot count them: they replace one another).
            long inserts = client.queryAll("SELECT uniqExact(_partition, _inserted_at) FROM " + db + ".gpu_prices")
                    .get(0)
                    .getLong(1);
            return new ConnectorRun(
                    (expected - atStart[0]) / Waits.seconds(t1 - t0),
                    expected / Waits.seconds(t1 - tAssigned),
                    inserts);
        }
    }

    /** System.nanoTime() when the group's members first own all the topic's partitions between them. */
    private static long awaitAssignment(Admin admin, String group, int partitions) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                ConsumerGroupDescription d =
                        admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                int owned = d.members().stream()
                        .mapToInt(m -> m.assignment().topicPartitions().size())
                        .sum();
                if (owned >= partitions) {
                    return System.nanoTime();
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                // the group does not exist yet
            }
        }
        throw new IllegalStateException(
                "the tasks of " + group + " did not own the " + partitions + " partitions in time");
    }

    private static double directRate(
            Client client, String url, String password, String fromDb, String toDb, long expected) throws Exception {
        byte[] data;
        QueryResponse r = client.query(
                        "SELECT * FROM " + fromDb + ".gpu_prices",
                        new QuerySettings().setFormat(ClickHouseFormat.RowBinary))
                .get(120, TimeUnit.SECONDS);
        try (InputStream in = r.getInputStream()) {
            data = in.readAllBytes();
        } finally {
            r.close();
        }
        try (ClickHouseGateway gateway =
                new ClickHouseGateway(new ClickHouseSettings(url, "default", password, toDb, Duration.ofSeconds(60)))) {
            new Migrator(gateway, RetentionSettings.DEFAULTS).migrate();
        }
        long t0 = System.nanoTime();
        client.insert(
                        "gpu_prices",
                        new ByteArrayInputStream(data),
                        ClickHouseFormat.RowBinary,
                        new InsertSettings().setDatabase(toDb))
                .get(300, TimeUnit.SECONDS)
                .close(); // the summary is not needed
        double seconds = Waits.seconds(System.nanoTime() - t0);
        long landed = count(client, toDb);
        if (landed != expected) {
            throw new IllegalStateException("the direct insert wrote " + landed + " rows, expected " + expected);
        }
        return expected / seconds;
    }

    private static long count(Client client, String db) {
        return client.queryAll("SELECT count() FROM " + db + ".gpu_prices")
                .get(0)
                .getLong(1);
    }
}
