package dev.gpuarb.connectors.realdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.PriceLimits;
import dev.gpuarb.connectors.skypilot.SkyPilotCatalogParser;
import dev.gpuarb.vocab.CurrencyRates;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * Prime Intellect's real catalog lists re-sold spot capacity as rows of their own, instance type
 * ending in {@code __SPOT} and the spot price in Price. Each becomes the SPOT offer of the unmarked
 * instance type at that price; none is an on-demand price. Expected values are read from the CSV here.
 */
class SpotRowsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void suffixedRowsAreSpotOffersOfTheUnmarkedInstanceType() throws IOException {
        Path file = SharedData.require("skypilot").resolve("primeintellect-vms.csv");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        ParseResult result = new SkyPilotCatalogParser(CurrencyRates.defaults(), PriceLimits.defaults(), Set.of("vast"))
                .parse(new StringReader(text), "primeintellect", file.toString(), NOW);
        Map<String, GpuPriceObservation> accepted = new HashMap<>();
        for (var item : result.accepted()) {
            GpuPriceObservation o = (GpuPriceObservation) item.value();
            assertThat(o.getInstanceType().toString())
                    .as("no offer keeps the marker")
                    .doesNotEndWith("__SPOT");
            accepted.put(o.getInstanceType() + "/" + o.getZone() + "/" + o.getPricingModel(), o);
        }

        List<CSVRecord> spotRows = new ArrayList<>();
        Map<String, Double> listedPrice = new HashMap<>(); // instance type/zone -> Price, for unmarked rows
        try (Reader in = new StringReader(text)) {
            for (CSVRecord row : CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(in)) {
                if (row.get("AcceleratorName").isEmpty()) {
                    continue; // CPU-only machines are not GPU offers, marked or not
                }
                if (row.get("InstanceType").endsWith("__SPOT")) {
                    spotRows.add(row);
                } else if (!row.get("Price").isEmpty()) {
                    listedPrice.put(
                            row.get("InstanceType") + "/" + row.get("AvailabilityZone"),
                            Double.parseDouble(row.get("Price")));
                }
            }
        }
        assertThat(spotRows).as("the catalog has such rows").hasSizeGreaterThan(10);
        int found = 0;
        for (CSVRecord row : spotRows) {
            String type = row.get("InstanceType");
            String base = type.substring(0, type.length() - "__SPOT".length());
            GpuPriceObservation spot = accepted.get(base + "/" + row.get("AvailabilityZone") + "/" + PricingModel.SPOT);
            assertThat(spot).as("spot offer of %s", type).isNotNull();
            found++;
            assertThat(spot.getUsdPerHour()).as(type).isEqualTo(Double.parseDouble(row.get("Price")));
            GpuPriceObservation onDemand =
                    accepted.get(base + "/" + row.get("AvailabilityZone") + "/" + PricingModel.ON_DEMAND);
            if (onDemand != null) {
                assertThat(onDemand.getUsdPerHour())
                        .as("the machine's own on-demand row is kept")
                        .isEqualTo(listedPrice.get(base + "/" + row.get("AvailabilityZone")));
            }
        }
        assertThat(found).isEqualTo(spotRows.size());
    }
}
