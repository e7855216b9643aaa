package dev.gpuarb.connectors.simulator;

import dev.gpuarb.connectors.core.CommonSourceConfig;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Config of the market simulator connector. */
public final class SimulatorConfig extends CommonSourceConfig {

    public static final String SEED = "simulator.seed";
    public static final String GPU_OFFERS = "simulator.gpu.offers";
    public static final String TOKEN_OFFERS = "simulator.token.offers";
    public static final String OBSERVATIONS_PER_TICK = "simulator.endpoint.observations.per.tick";
    public static final String TICK_MILLIS = "simulator.tick.simulated.ms";
    public static final String TICKS_PER_POLL = "simulator.ticks.per.poll";
    public static final String MAX_TICKS = "simulator.max.ticks";
    public static final String START = "simulator.start";
    public static final String FOLLOW_WALL_CLOCK = "simulator.follow.wall.clock";
    /** Set by the connector for each task: which shard of the offers it simulates. */
    public static final String SHARD_INDEX = "simulator.shard.index";

    public static final String SHARD_COUNT = "simulator.shard.count";

    public static final ConfigDef CONFIG_DEF = CommonSourceConfig.define(
            new ConfigDef()
                    .define(
                            SEED,
                            Type.LONG,
                            42L,
                            Importance.HIGH,
                            "Random seed; the same seed gives the same market, tick for tick.")
                    .define(
                            GPU_OFFERS,
                            Type.INT,
                            200,
                            Range.atLeast(0),
                            Importance.HIGH,
                            "Number of simulated GPU offers.")
                    .define(
                            TOKEN_OFFERS,
                            Type.INT,
                            24,
                            Range.atLeast(0),
                            Importance.MEDIUM,
                            "Number of simulated token offers.")
                    .define(
                            OBSERVATIONS_PER_TICK,
                            Type.INT,
                            10,
                            Range.atLeast(0),
                            Importance.MEDIUM,
                            "Endpoint latency observations drawn per tick (per task).")
                    .define(
                            TICK_MILLIS,
                            Type.LONG,
                            60_000L,
                            Range.atLeast(1),
                            Importance.MEDIUM,
                            "Simulated time per tick; event times are start + tick x this, independent of wall time.")
                    .define(
                            TICKS_PER_POLL,
                            Type.INT,
                            1,
                            Range.atLeast(1),
                            Importance.MEDIUM,
                            "Ticks simulated per poll; with poll.interval.ms this sets the tick rate (0 ms: as fast as possible).")
                    .define(
                            MAX_TICKS,
                            Type.LONG,
                            0L,
                            Range.atLeast(0),
                            Importance.LOW,
                            "Stop after this many ticks; 0 runs forever.")
                    .define(
                            START,
                            Type.STRING,
                            "2026-01-01T00:00:00Z",
                            Importance.LOW,
                            "Simulated time of tick 0 (ISO-8601).")
                    .define(
                            FOLLOW_WALL_CLOCK,
                            Type.BOOLEAN,
                            true,
                            Importance.MEDIUM,
                            "Never simulate a tick dated after the wall clock: a market started in the past catches up at the "
                                    + "tick rate, then advances in real time. Prices dated in the future would be refused "
                                    + "downstream (and Kafka refuses records more than 1 h ahead). false: ticks run at the tick rate "
                                    + "whatever their date (for load tests with bounded ticks).")
                    .defineInternal(SHARD_INDEX, Type.INT, 0, Range.atLeast(0), Importance.LOW, "Set by the connector.")
                    .defineInternal(
                            SHARD_COUNT, Type.INT, 1, Range.atLeast(1), Importance.LOW, "Set by the connector."),
            1_000L);

    public SimulatorConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public long seed() {
        return getLong(SEED);
    }

    public int gpuOffers() {
        return getInt(GPU_OFFERS);
    }

    public int tokenOffers() {
        return getInt(TOKEN_OFFERS);
    }

    public int observationsPerTick() {
        return getInt(OBSERVATIONS_PER_TICK);
    }

    public long tickMillis() {
        return getLong(TICK_MILLIS);
    }

    public int ticksPerPoll() {
        return getInt(TICKS_PER_POLL);
    }

    public long maxTicks() {
        return getLong(MAX_TICKS);
    }

    public boolean followWallClock() {
        return getBoolean(FOLLOW_WALL_CLOCK);
    }

    public Instant start() {
        return Instant.parse(getString(START));
    }

    public int shardIndex() {
        return getInt(SHARD_INDEX);
    }

    public int shardCount() {
        return getInt(SHARD_COUNT);
    }
}
