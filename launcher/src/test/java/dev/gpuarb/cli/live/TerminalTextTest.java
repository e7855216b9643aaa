package dev.gpuarb.cli.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.Endpoint;
import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.WorkloadKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upstream text with terminal escape sequences is shown, never executed by the terminal. */
class TerminalTextTest {

    private static final String TITLE_ATTACK = "evil\u001b]0;pwned\u0007\u001b[2J";

    private static boolean hasControl(String s) {
        return s.chars()
                .anyMatch(c -> c < 0x20
                        || (c >= 0x7f && c <= 0x9f)
                        || (c >= 0x202a && c <= 0x202e)
                        || (c >= 0x2066 && c <= 0x2069));
    }

    @Test
    void aRouteLineCarriesNoControlCharactersFromUpstream() {
        Endpoint endpoint = Endpoint.newBuilder()
                .setOfferId("o")
                .setKind(WorkloadKind.TOKENS)
                .setProvider(TITLE_ATTACK)
                .setRegion("us\u009b31m")
                .setZone(null)
                .setProduct("llama\u202etxt.exe")
                .setPricingModel(null)
                .build();
        RouteUpdate update = RouteUpdate.newBuilder()
                .setRouteId("chat\r\nroute  fake")
                .setStatus(RouteStatus.ROUTED)
                .setChosen(RouteCandidate.newBuilder()
                        .setEndpoint(endpoint)
                        .setEffectivePrice(1.0)
                        .setP99LatencyMs(null)
                        .build())
                .setAlternatives(List.of())
                .setPriceUnit("USD/1M tokens")
                .setReason("cheaper\u001b[1A")
                .setPrevious(null)
                .setSavingPerUnit(null)
                .setSavingPct(null)
                .setDecidedAt(Instant.EPOCH)
                .build();

        String line = Lines.route(update);

        assertThat(hasControl(line)).as(line).isFalse();
        assertThat(line)
                .contains("evil\\u001b]0;pwned\\u0007\\u001b[2J")
                .contains("\\u009b")
                .contains("\\u202e")
                .contains("chat\\u000d\\u000aroute  fake");
    }

    @Test
    void plainTextIsLeftAsItIs() {
        String text = "aws/us-east-1/H100-80GB/SPOT — déjà vu 東京";
        assertThat(TerminalText.safe(text)).isSameAs(text);
    }
}
