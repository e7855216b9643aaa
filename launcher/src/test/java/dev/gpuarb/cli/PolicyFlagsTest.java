package dev.gpuarb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.cli.policy.PolicyParser;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `gpuarb policy add` flags to a policy, without a cluster (the policy is built before anything is sent). */
class PolicyFlagsTest {

    private static RoutePolicy fromFlags(String... args) {
        PolicyCommand.Add add = new PolicyCommand.Add();
        new CommandLine(add).parseArgs(args);
        return add.fromFlags();
    }

    @Test
    void minReliabilityFlagSetsTheMinimum() {
        RoutePolicy p = fromFlags(
                "--route-id",
                "reliable-4090",
                "--kind",
                "GPU_HOURS",
                "--gpu-model",
                "RTX4090",
                "--min-reliability",
                "0.99");
        assertThat(p.getMinReliability()).isEqualTo(0.99);
        assertThat(fromFlags("--route-id", "r", "--kind", "GPU_HOURS", "--gpu-model", "L4")
                        .getMinReliability())
                .isNull();
    }

    @Test
    void aMinReliabilityOutsideZeroToOneOrNotFiniteIsRefused() {
        for (String bad : new String[] {"1.01", "-0.5", "NaN", "Infinity"}) {
            assertThatThrownBy(() -> fromFlags(
                            "--route-id", "r", "--kind", "GPU_HOURS", "--gpu-model", "L4", "--min-reliability", bad))
                    .as(bad)
                    .isInstanceOf(PolicyParser.PolicyException.class)
                    .hasMessageContaining("minReliability");
        }
    }
}
