package dev.gpuarb.connectors.skypilot;

import dev.gpuarb.vocab.Regions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVRecord;

/** The machine types without accelerators of one catalog, by region and zone: the candidate host VMs. */
final class CatalogHosts {

    private final Map<List<String>, List<HostVm>> byZone = new HashMap<>();

    /** Keeps a row without accelerator that names a machine type; rows it cannot place are left out. */
    void add(CSVRecord row) {
        String instanceType = value(row, "InstanceType");
        Optional<String> region = Regions.normalise(value(row, "Region"));
        if (instanceType.isEmpty() || region.isEmpty()) {
            return;
        }
        HostVm host = new HostVm(
                instanceType,
                number(value(row, "vCPUs")),
                number(value(row, "MemoryGiB")),
                price(value(row, "Price")),
                price(value(row, "SpotPrice")));
        byZone.computeIfAbsent(key(region.get(), value(row, "AvailabilityZone")), k -> new ArrayList<>())
                .add(host);
    }

    /** The hosts listed in this region and zone (zone null: the region's rows without a zone). */
    List<HostVm> in(String region, String zone) {
        return byZone.getOrDefault(key(region, zone == null ? "" : zone), List.of());
    }

    private static List<String> key(String region, String zone) {
        return List.of(region, zone);
    }

    private static String value(CSVRecord row, String column) {
        return row.isMapped(column) && row.isSet(column) ? row.get(column) : "";
    }

    private static double number(String text) {
        try {
            return text.isEmpty() ? Double.NaN : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Double price(String text) {
        double value = number(text);
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }
}
