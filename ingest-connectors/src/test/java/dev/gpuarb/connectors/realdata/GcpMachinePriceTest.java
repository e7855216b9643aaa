package dev.gpuarb.connectors.realdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.PriceLimits;
import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.connectors.skypilot.SkyPilotCatalogParser;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.RejectReason;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GCP's real accelerator rows (../shared/data) priced together with real host VM rows of the same catalog
 * commit (a selection, in test resources). Expected prices are read from the CSV lines here, by splitting
 * text, and added by hand: accelerator row + the host row GCP requires.
 */
class GcpMachinePriceTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static List<String> acceleratorLines;
    private static List<String> hostLines;
    private static ParseResult result;
    private static Map<String, GpuPriceObservation> offers;

    @BeforeAll
    static void parseHostsAndAccelerators() throws IOException, URISyntaxException {
        Path gpus = SharedData.require("skypilot").resolve("gcp-gpu-vms.csv");
        acceleratorLines = Files.readAllLines(gpus, StandardCharsets.UTF_8);
        hostLines = Files.readAllLines(
                Path.of(GcpMachinePriceTest.class
                        .getResource("/skypilot/gcp-host-vms-us-central1.csv")
                        .toURI()),
                StandardCharsets.UTF_8);
        assertThat(hostLines.get(0)).as("same layout").isEqualTo(acceleratorLines.get(0));
        String catalog = String.join("\n", hostLines) + "\n"
                + String.join("\n", acceleratorLines.subList(1, acceleratorLines.size())) + "\n";
        result = parser().parse(new StringReader(catalog), "gcp", "gcp-vms.csv", NOW);
        offers = result.accepted().stream()
                .map(i -> (GpuPriceObservation) i.value())
                .collect(Collectors.toMap(o -> o.getOfferId().toString(), Function.identity()));
    }

    @Test
    void machineTypesThatCarryTheirGpusArePricedAsAcceleratorPlusMachine() {
        // A100 x1 in us-central1-a: 2.93391 + a2-highgpu-1g 0.73948 = 3.67339 (GCP's list price of a2-highgpu-1g).
        expectMachine("A100", 1, "us-central1-a", "a2-highgpu-1g", "a2-highgpu-1g");
        expectMachine("A100", 1, "us-central1-b", "a2-highgpu-1g", "a2-highgpu-1g");
        expectMachine("A100", 16, "us-central1-a", "a2-megagpu-16g", "a2-megagpu-16g");
        expectMachine("A100-80GB", 8, "us-central1-a", "a2-ultragpu-8g", "a2-ultragpu-8g");
        expectMachine("H100", 1, "us-central1-a", "a3-highgpu-1g", "a3-highgpu-1g");
        assertThat(offers.get("gcp|us-central1|us-central1-a|a2-highgpu-1g|ON_DEMAND")
                        .getUsdPerHour())
                .isCloseTo(3.67339, within(1e-9));
    }

    @Test
    void attachableGpusGetTheCheapestN1HostWithEnoughVcpusAndMemory() {
        // T4 x1 needs 4 vCPUs and 16 GiB: n1-standard-8 (8, 30 GiB, 0.38) is the cheapest such host listed.
        expectMachine("T4", 1, "us-central1-a", "n1-standard-8", "n1-standard-8+T4x1");
        // V100 x1 needs 8 vCPUs and 32 GiB: n1-standard-8 has 30 GiB, so n1-highmem-16 (0.94642).
        expectMachine("V100", 1, "us-central1-a", "n1-highmem-16", "n1-highmem-16+V100x1");
        // T4 x4 needs 48 vCPUs and 192 GiB: n1-standard-64.
        expectMachine("T4", 4, "us-central1-a", "n1-standard-64", "n1-standard-64+T4x4");
        assertThat(offers.get("gcp|us-central1|us-central1-a|n1-standard-8+T4x1|ON_DEMAND")
                        .getUsdPerHour())
                .isCloseTo(0.35 + 0.38, within(1e-9));
    }

    @Test
    void acceleratorsWithoutTheirHostInTheCatalogAreRejectedNotPricedAlone() {
        // No a3-highgpu-8g, no g2-standard rows in us-central1-a, and no host rows at all in asia-northeast1-a.
        for (String[] row : List.of(
                new String[] {"H100", "8", "us-central1-a"},
                new String[] {"L4", "1", "us-central1-a"},
                new String[] {"A100", "1", "asia-northeast1-a"})) {
            int line = lineNumber(row[0], Integer.parseInt(row[1]), row[2]);
            assertThat(result.rejected())
                    .as("%s x%s in %s", row[0], row[1], row[2])
                    .anySatisfy(r -> {
                        assertThat(r.reason()).isEqualTo(RejectReason.NO_HOST_VM);
                        assertThat(r.location()).isEqualTo("gcp-vms.csv:" + (hostLines.size() - 1 + line));
                        assertThat(r.detail()).contains(row[0] + "x" + row[1]).contains(row[2]);
                    });
        }
        // Every accelerator row is either a whole machine or rejected: none is priced as the accelerator alone.
        long onDemand = offers.values().stream()
                .filter(o -> o.getPricingModel().name().equals("ON_DEMAND"))
                .count();
        long rejectedRows = result.rejected().stream()
                .filter(r -> !r.location().endsWith("(SpotPrice)"))
                .count();
        assertThat(onDemand + rejectedRows).isEqualTo(acceleratorLines.size() - 1);
        assertThat(result.rejected()).extracting(Rejection::reason).containsOnly(RejectReason.NO_HOST_VM);
        for (GpuPriceObservation o : offers.values()) {
            String host = o.getAttributes().get("hostInstanceType");
            String[] hostRow = line(hostLines, host + ",", "," + o.getZone() + ",");
            double hostPrice =
                    Double.parseDouble(hostRow[o.getPricingModel().name().equals("SPOT") ? 1 : 0]);
            assertThat(o.getUsdPerHour())
                    .as(o.getOfferId().toString())
                    .isCloseTo(Double.parseDouble(o.getAttributes().get("acceleratorPrice")) + hostPrice, within(1e-9));
        }
    }

    @Test
    void theSharedGpuRowsAloneHaveNoHostsSoNothingIsPriced() throws IOException {
        String text = Files.readString(SharedData.require("skypilot").resolve("gcp-gpu-vms.csv"));
        ParseResult alone = parser().parse(new StringReader(text), "gcp", "gcp-gpu-vms.csv", NOW);
        assertThat(alone.accepted()).isEmpty();
        assertThat(alone.rejected())
                .hasSize(acceleratorLines.size() - 1)
                .allSatisfy(r -> assertThat(r.reason()).isEqualTo(RejectReason.NO_HOST_VM));
    }

    /** Checks both prices of one machine against the two CSV lines, added here. */
    private static void expectMachine(String accelerator, int count, String zone, String host, String instanceType) {
        String[] acc = line(acceleratorLines, ",,," + accelerator + "," + count + ",", "," + zone + ",");
        String[] vm = line(hostLines, host + ",", "," + zone + ",");
        String region = zone.substring(0, zone.lastIndexOf('-'));
        String id = "gcp|" + region + "|" + zone + "|" + instanceType + "|";
        GpuPriceObservation onDemand = offers.get(id + "ON_DEMAND");
        GpuPriceObservation spot = offers.get(id + "SPOT");
        assertThat(onDemand).as(id + "ON_DEMAND").isNotNull();
        assertThat(spot).as(id + "SPOT").isNotNull();
        double price = Double.parseDouble(acc[0]) + Double.parseDouble(vm[0]);
        double spotPrice = Double.parseDouble(acc[1]) + Double.parseDouble(vm[1]);
        assertThat(onDemand.getUsdPerHour()).isCloseTo(price, within(1e-9));
        assertThat(onDemand.getUsdPerGpuHour()).isCloseTo(price / count, within(1e-9));
        assertThat(onDemand.getGpuCount()).isEqualTo(count);
        assertThat(spot.getUsdPerHour()).isCloseTo(spotPrice, within(1e-9));
        assertThat(onDemand.getAttributes()).containsEntry("hostInstanceType", host);
    }

    /** Price and SpotPrice (the last two fields) of the one line that starts and contains as given. */
    private static String[] line(List<String> lines, String start, String contains) {
        List<String> found = lines.stream()
                .filter(l -> l.startsWith(start) && l.contains(contains))
                .toList();
        assertThat(found).as("line %s...%s", start, contains).hasSize(1);
        String[] fields = found.get(0).split(",");
        return new String[] {fields[fields.length - 2], fields[fields.length - 1]};
    }

    /** 1-based line number in the shared accelerator file. */
    private static int lineNumber(String accelerator, int count, String zone) {
        for (int i = 0; i < acceleratorLines.size(); i++) {
            String l = acceleratorLines.get(i);
            if (l.startsWith(",,," + accelerator + "," + count + ",") && l.contains("," + zone + ",")) {
                return i + 1;
            }
        }
        throw new UncheckedIOException(new IOException("no line for " + accelerator + " in " + zone));
    }

    private static SkyPilotCatalogParser parser() {
        return new SkyPilotCatalogParser(CurrencyRates.defaults(), PriceLimits.defaults(), Set.of("vast"));
    }
}
