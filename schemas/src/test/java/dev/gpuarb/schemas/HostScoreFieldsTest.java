package dev.gpuarb.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.WorkloadKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/**
 * The host scores (GpuPriceObservation.reliability, dlperf) and RoutePolicy.minReliability are
 * optional: data written with the last released schemas reads with them null, and a new record
 * carries them.
 */
class HostScoreFieldsTest {

    private static byte[] writeWithReleased(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static <T> T readWithCurrent(byte[] bytes, Schema writer, Schema reader) throws IOException {
        return new SpecificDatumReader<T>(writer, reader)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }

    @Test
    void aPriceWrittenBeforeTheScoresReadsWithoutThem() throws IOException {
        Schema released = ReleasedSchemas.latest("dev.gpuarb.avro.GpuPriceObservation")
                .orElseThrow()
                .schema();
        assertThat(released.getField("reliability"))
                .as("not in the released schema")
                .isNull();
        GenericRecord old = new GenericData.Record(released);
        old.put("offerId", "aws|us-east-1||p5.48xlarge|ON_DEMAND");
        old.put("provider", "aws");
        old.put("region", "us-east-1");
        old.put("instanceType", "p5.48xlarge");
        old.put("gpuModel", "H100-80GB");
        old.put("gpuCount", 8);
        old.put("gpuMemoryGb", 80);
        old.put(
                "pricingModel",
                new GenericData.EnumSymbol(released.getField("pricingModel").schema(), "ON_DEMAND"));
        old.put("usdPerHour", 98.32);
        old.put("usdPerGpuHour", 12.29);
        old.put("currency", "USD");
        old.put("originalAmount", 98.32);
        old.put("observedAt", 1_733_000_000_000L);
        old.put("source", "azure-retail");
        old.put("complianceTags", List.of());
        old.put("attributes", Map.of());
        for (Schema.Field f : released.getFields()) {
            if (old.get(f.name()) == null && f.hasDefaultValue()) {
                old.put(f.name(), GenericData.get().getDefaultValue(f));
            }
        }
        GpuPriceObservation read =
                readWithCurrent(writeWithReleased(old), released, GpuPriceObservation.getClassSchema());
        assertThat(read.getReliability()).isNull();
        assertThat(read.getDlperf()).isNull();
        assertThat(read.getUsdPerGpuHour()).isEqualTo(12.29);
    }

    @Test
    void aPolicyWrittenBeforeMinReliabilityHasNoMinimum() throws IOException {
        Schema released = ReleasedSchemas.latest("dev.gpuarb.avro.RoutePolicy")
                .orElseThrow()
                .schema();
        assertThat(released.getField("minReliability"))
                .as("not in the released schema")
                .isNull();
        GenericRecord old = new GenericData.Record(released);
        for (Schema.Field f : released.getFields()) {
            if (f.hasDefaultValue()) {
                old.put(f.name(), GenericData.get().getDefaultValue(f));
            }
        }
        old.put("routeId", "batch-h100");
        old.put("kind", new GenericData.EnumSymbol(released.getField("kind").schema(), "GPU_HOURS"));
        old.put("gpuModel", "H100-80GB");
        old.put("updatedAt", 1_733_000_000_000L);
        RoutePolicy read = readWithCurrent(writeWithReleased(old), released, RoutePolicy.getClassSchema());
        assertThat(read.getMinReliability()).isNull();
        assertThat(read.getGpuModel()).isEqualTo("H100-80GB");
    }

    @Test
    void newRecordsCarryTheScoresAndTheMinimum() {
        GpuPriceObservation vast = GpuPriceObservation.newBuilder()
                .setOfferId("vast|texas-us||machine-7-1x|MARKETPLACE")
                .setProvider("vast")
                .setRegion("texas-us")
                .setInstanceType("machine-7-1x")
                .setGpuModel("RTX4090")
                .setGpuCount(1)
                .setGpuMemoryGb(24)
                .setPricingModel(PricingModel.MARKETPLACE)
                .setUsdPerHour(0.35)
                .setUsdPerGpuHour(0.35)
                .setCurrency("USD")
                .setOriginalAmount(0.35)
                .setObservedAt(Instant.ofEpochMilli(1))
                .setSource("vast")
                .setReliability(0.9981)
                .setDlperf(64.3)
                .build();
        assertThat(vast.getReliability()).isEqualTo(0.9981);
        assertThat(vast.getDlperf()).isEqualTo(64.3);
        RoutePolicy policy = RoutePolicy.newBuilder()
                .setRouteId("r")
                .setKind(WorkloadKind.GPU_HOURS)
                .setGpuModel("RTX4090")
                .setUpdatedAt(Instant.ofEpochMilli(1))
                .setMinReliability(0.98)
                .build();
        assertThat(policy.getMinReliability()).isEqualTo(0.98);
    }
}
