package dev.gpuarb.streams.validate;

import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.policy.PolicyRules;
import dev.gpuarb.vocab.RejectReason;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Applies the shared {@link PolicyRules} to policies as they arrive: the CLI applies them before
 * sending, but any producer may write to route.policies. A null policy deletes its route and passes.
 */
public final class PolicyValidator {

    private final Clock clock;
    private final Duration maxFutureSkew;

    public PolicyValidator(Clock clock, Duration maxFutureSkew) {
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
    }

    public Validated<RoutePolicy> validate(RoutePolicy policy) {
        if (policy == null) {
            return Validated.ok(null);
        }
        List<String> problems = PolicyRules.problems(policy, clock.instant(), maxFutureSkew);
        return problems.isEmpty()
                ? Validated.ok(policy)
                : Validated.rejected(RejectReason.INVALID_POLICY, String.join("; ", problems));
    }
}
