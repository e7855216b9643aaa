package dev.gpuarb.bench.pipeline;

import dev.gpuarb.connectors.core.Emission;
import dev.gpuarb.connectors.core.OffsetLookup;
import dev.gpuarb.connectors.simulator.SimulatorConfig;
import dev.gpuarb.connectors.simulator.SimulatorSource;
import dev.gpuarb.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces market simulator output (the same generator the simulator connector runs): GPU price
 * ticks to prices.gpu and gateway observations to endpoint.obs, until both counts are reached.
 * Simulated time ends near now, so windows close and nothing is older than topic retention.
 */
public final class SimulatorFeed {

    /** What was produced. */
    public record Produced(long priceTicks, long observations, long simulatedTicks) {}

    private SimulatorFeed() {}

    public static Produced produce(
            KafkaProducer<String, SpecificRecord> producer, long priceTicks, long observations, int gpuOffers) {
        // About 60% of offers change price per tick (on-demand lists rarely move), so this many ticks covers the
        // prices.
        long ticks = Math.max(1, priceTicks / Math.max(1, (long) (gpuOffers * 0.5)));
        int observationsPerTick = (int) Math.max(1, observations / ticks + 1);
        // Ten simulated seconds per tick: one poll of a partition (1,000 records) then spans well under the
        // topology's 5-minute grace, so the fast replay is not dropped as late (a real feed is far slower).
        Duration tick = Duration.ofSeconds(10);
        Instant start = Instant.now().minus(tick.multipliedBy(ticks + 10));
        Map<String, Object> cfg = new HashMap<>();
        cfg.put(SimulatorConfig.SEED, "20261123");
        cfg.put(SimulatorConfig.GPU_OFFERS, Integer.toString(gpuOffers));
        cfg.put(SimulatorConfig.TOKEN_OFFERS, "24");
        cfg.put(SimulatorConfig.OBSERVATIONS_PER_TICK, Integer.toString(observationsPerTick));
        cfg.put(SimulatorConfig.TICK_MILLIS, Long.toString(tick.toMillis()));
        cfg.put(SimulatorConfig.TICKS_PER_POLL, "1");
        cfg.put(SimulatorConfig.START, start.toString());
        // A bounded replay ending about now: its count, not the wall clock, decides when it stops.
        cfg.put(SimulatorConfig.FOLLOW_WALL_CLOCK, "false");
        // Changes only, as produced: re-confirmations would mix wall-clock re-sends into the measured feed.
        cfg.put(SimulatorConfig.PRICE_TTL_MS, "0");
        SimulatorSource source = new SimulatorSource(new SimulatorConfig(cfg));
        long prices = 0;
        long obs = 0;
        while (prices < priceTicks || obs < observations) {
            List<Emission> batch = source.poll(OffsetLookup.none());
            for (Emission e : batch) {
                if (e.topic() == Topic.GPU_PRICES && prices < priceTicks) {
                    producer.send(new ProducerRecord<>(e.topic().topicName(), e.key(), e.value()));
                    prices++;
                } else if (e.topic() == Topic.ENDPOINT_OBSERVATIONS && obs < observations) {
                    producer.send(new ProducerRecord<>(e.topic().topicName(), e.key(), e.value()));
                    obs++;
                }
            }
        }
        producer.flush();
        return new Produced(prices, obs, source.nextTick());
    }
}
