package dev.gpuarb.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.policy.PolicyRules;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policies a fresh local run starts with pass the rules the Streams app applies, and show what they are named for. */
class DemoPoliciesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");

    @Test
    void everyDemoPolicyIsAcceptedAndTheEuRouteRequiresTheEuTag() {
        List<RoutePolicy> policies = DemoPolicies.policies(NOW);
        assertThat(policies)
                .allSatisfy(p -> assertThat(PolicyRules.problems(p, NOW, PolicyRules.DEFAULT_MAX_FUTURE_SKEW))
                        .as(p.getRouteId())
                        .isEmpty());
        RoutePolicy eu = policies.stream()
                .filter(p -> p.getRouteId().equals("infer-l4-eu"))
                .findFirst()
                .orElseThrow();
        assertThat(eu.getRequiredTags()).containsExactly("eu");
        assertThat(policies)
                .filteredOn(p -> p.getSelfHost() != null)
                .extracting(RoutePolicy::getRouteId)
                .containsExactly("chat-70b-selfhost");
    }
}
