package dev.gpuarb.streams.replay;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.vocab.GpuInstance;
import dev.gpuarb.vocab.GpuModels;
import dev.gpuarb.vocab.Regions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Real AWS spot price history (tab-separated: zone id, instance type, product description, USD per
 * instance-hour, timestamp) turned into GPU spot price observations, as the AWS spot connector
 * would publish them. Only Linux/UNIX rows of instance types with GPUs are kept, so that one
 * offer (zone and instance type) has one price series.
 */
record AwsSpotHistory(List<GpuPriceObservation> observations, int rows, int skipped) {

    static final String PRODUCT_DESCRIPTION = "Linux/UNIX";

    static AwsSpotHistory read(Path tsv) throws IOException {
        List<GpuPriceObservation> observations = new ArrayList<>();
        int rows = 0;
        int skipped = 0;
        for (String line : Files.readAllLines(tsv)) {
            if (line.isBlank()) {
                continue;
            }
            rows++;
            Optional<GpuPriceObservation> o = toObservation(line.split("\t"));
            if (o.isPresent()) {
                observations.add(o.get());
            } else {
                skipped++;
            }
        }
        // Replayed in event-time order (a stable sort keeps the file's order among equal times),
        // so no price arrives after its windows have closed.
        observations.sort(Comparator.comparing(GpuPriceObservation::getObservedAt));
        return new AwsSpotHistory(List.copyOf(observations), rows, skipped);
    }

    private static Optional<GpuPriceObservation> toObservation(String[] f) {
        if (f.length != 5 || !PRODUCT_DESCRIPTION.equals(f[2].trim())) {
            return Optional.empty();
        }
        String zone = f[0].trim();
        String instanceType = f[1].trim();
        Optional<GpuInstance> gpus = GpuModels.forAwsInstanceType(instanceType);
        Optional<String> region = Regions.awsRegionOfZone(zone);
        if (gpus.isEmpty() || region.isEmpty()) {
            return Optional.empty();
        }
        double usdPerHour = Double.parseDouble(f[3].trim());
        Instant at = OffsetDateTime.parse(f[4].trim()).toInstant();
        return Optional.of(GpuPriceObservation.newBuilder()
                .setOfferId(String.join("|", "aws", region.get(), zone, instanceType, PricingModel.SPOT.name()))
                .setProvider("aws")
                .setRegion(region.get())
                .setZone(zone)
                .setInstanceType(instanceType)
                .setGpuModel(gpus.get().gpu().model())
                .setGpuCount(gpus.get().count())
                .setGpuMemoryGb(gpus.get().gpu().memoryGb())
                .setPricingModel(PricingModel.SPOT)
                .setUsdPerHour(usdPerHour)
                .setUsdPerGpuHour(usdPerHour / gpus.get().count())
                .setCurrency("USD")
                .setOriginalAmount(usdPerHour)
                .setObservedAt(at)
                .setSource("aws-spot-history")
                .setComplianceTags(List.of())
                .setAttributes(Map.of("productDescription", PRODUCT_DESCRIPTION))
                .build());
    }
}
