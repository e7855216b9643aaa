package dev.gpuarb.bench.micro;

import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.streams.routing.Eligibility;
import dev.gpuarb.streams.routing.Evaluation;
import dev.gpuarb.streams.routing.LatestLatency;
import dev.gpuarb.streams.routing.OfferSnapshot;
import dev.gpuarb.streams.routing.RouteSelector;
import dev.gpuarb.streams.routing.RouteUpdates;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Every offer of a realistic market ({@link SampleMarket}) checked against a policy (product,
 * eligibility, effective price: {@link RouteSelector}'s rules), the eligible ones ranked cheapest first,
 * then a decision against a current choice with hysteresis, all in plain collections; {@code offers} is
 * how many offers the engine holds. This was the work of every price tick before the route index.
 * The engine now checks every offer against a policy only when the policy is new or changed, to
 * build the route's index (the same product, eligibility and price checks, plus store reads and
 * writes, so this is a lower bound of a rebuild); a tick reads the index instead, see
 * {@link RouteEngineTickBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RouteSelectionBenchmark {

    @Param({"100", "1000", "10000"})
    public int offers;

    private static final Comparator<RouteCandidate> CHEAPEST_FIRST = Comparator.comparingDouble(
                    RouteCandidate::getEffectivePrice)
            .thenComparing(c -> c.getEndpoint().getOfferId().toString());

    private final RouteSelector selector = new RouteSelector(3);
    private RoutePolicy policy;
    private List<OfferSnapshot> snapshots;
    private Map<String, LatestLatency> latency;
    private RouteUpdate current;

    @Setup
    public void setUp() {
        SampleMarket.Offers market = SampleMarket.offers(offers);
        snapshots = market.snapshots();
        latency = market.latency();
        policy = SampleMarket.policy();
        Evaluation first = Evaluation.ranked(rankEveryOffer());
        current = selector.decide(policy, first, null, false, SampleMarket.T0, null, null)
                .orElseThrow();
    }

    /** Evaluate every offer for one route, then decide. */
    @Benchmark
    public Optional<RouteUpdate> evaluateAndDecide() {
        Evaluation eval = Evaluation.ranked(rankEveryOffer());
        return selector.decide(policy, eval, current, false, SampleMarket.T0 + 100_000, null, null);
    }

    private List<RouteCandidate> rankEveryOffer() {
        List<RouteCandidate> eligible = new ArrayList<>();
        for (OfferSnapshot offer : snapshots) {
            LatestLatency l = latency.get(offer.offerId());
            if (Eligibility.matchesProduct(policy, offer)
                    && Eligibility.whyIneligible(policy, offer, l).isEmpty()) {
                eligible.add(RouteUpdates.candidate(policy, offer, l));
            }
        }
        eligible.sort(CHEAPEST_FIRST);
        return eligible;
    }
}
