package dev.gpuarb.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.registry.CompatibilityLevel;
import dev.gpuarb.registry.SchemaRegistryClient;
import dev.gpuarb.registry.SchemaRegistryClients;
import dev.gpuarb.testkit.Engines;
import dev.gpuarb.testkit.RealEngines;
import dev.gpuarb.topics.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every schema in the repository must be BACKWARD compatible with its newest released version
 * (consumers on the new schema can read everything already written), checked twice: by Avro's
 * own resolution rules and by the real schema registry.
 */
@ExtendWith(RealEngines.class)
class SchemaCompatibilityIT {

    /**
     * Topic schemas added since the newest release. Listed so that only these may lack a snapshot:
     * an older schema whose snapshot went missing fails instead of passing as "new". Empty the set
     * when cutting the next release.
     */
    static final Set<String> NEW_SINCE_LAST_RELEASE =
            Set.of("dev.gpuarb.avro.TaskQuote", "dev.gpuarb.avro.MarginEvent");

    @Test
    void onlyTheListedSchemasAreNewAndTheRegistryAcceptsThem(Engines engines) {
        SchemaRegistryClient registry =
                SchemaRegistryClients.create(Map.of("schema.registry.url", engines.registryUrl()));
        Set<String> unreleased = Stream.of(Topic.values())
                .map(t -> SpecificData.get().getSchema(t.valueClass()))
                .filter(s -> ReleasedSchemas.latest(s.getFullName()).isEmpty())
                .peek(s -> {
                    String subject = "new-schema-" + s.getName() + "-" + UUID.randomUUID();
                    assertThat(registry.register(subject, s))
                            .as("registry id of new schema %s", s.getFullName())
                            .isPositive();
                })
                .map(Schema::getFullName)
                .collect(Collectors.toSet());
        assertThat(unreleased).as("schemas without a released snapshot").isEqualTo(NEW_SINCE_LAST_RELEASE);
    }

    @Test
    void releasedSnapshotsExistAndNoneWasDropped() {
        assertThat(ReleasedSchemas.versions())
                .as("released schema versions under %s", ReleasedSchemas.ROOT)
                .isNotEmpty();
        Set<String> current = Stream.of(Topic.values())
                .map(t -> SpecificData.get().getSchema(t.valueClass()).getFullName())
                .collect(Collectors.toSet());
        for (String version : ReleasedSchemas.versions()) {
            try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(ReleasedSchemas.ROOT.resolve(version))) {
                files.map(f -> f.getFileName().toString().replaceFirst("\\.avsc$", ""))
                        .forEach(name -> assertThat(current)
                                .as("released schema %s (release %s) still has a topic", name, version)
                                .contains(name));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void everyCurrentSchemaIsBackwardCompatibleWithItsLastRelease(Engines engines) {
        SchemaRegistryClient registry =
                SchemaRegistryClients.create(Map.of("schema.registry.url", engines.registryUrl()));
        List<String> report = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            Schema current = SpecificData.get().getSchema(topic.valueClass());
            Optional<ReleasedSchemas.Released> released = ReleasedSchemas.latest(current.getFullName());
            if (released.isEmpty()) {
                report.add(current.getFullName() + ": new, never released");
                continue;
            }
            Schema old = released.get().schema();
            assertThat(avroSaysCompatible(current, old))
                    .as(
                            "%s reads data written with release %s (Avro rules)",
                            current.getFullName(), released.get().version())
                    .isTrue();
            assertThat(registrySaysCompatible(registry, old, current))
                    .as(
                            "%s accepted by the registry after release %s",
                            current.getFullName(), released.get().version())
                    .isTrue();
            report.add(current.getFullName() + ": compatible with "
                    + released.get().version());
        }
        report.forEach(line -> System.out.println("schema compatibility: " + line));
        assertThat(report).hasSize(Topic.values().length);
    }

    @Test
    void theCheckCatchesABreakingChange(Engines engines) {
        SchemaRegistryClient registry =
                SchemaRegistryClients.create(Map.of("schema.registry.url", engines.registryUrl()));
        Schema released = ReleasedSchemas.latest("dev.gpuarb.avro.GpuPriceObservation")
                .orElseThrow()
                .schema();
        // Same record with a new required field and no default: old data lacks it, so it cannot be read.
        String broken = released.toString()
                .replaceFirst("\"fields\":\\[", "\"fields\":[{\"name\":\"mandatoryNewField\",\"type\":\"string\"},");
        Schema breaking = new Schema.Parser().parse(broken);
        assertThat(avroSaysCompatible(breaking, released)).isFalse();
        assertThat(registrySaysCompatible(registry, released, breaking)).isFalse();
    }

    private static boolean avroSaysCompatible(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                        .getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    private static boolean registrySaysCompatible(SchemaRegistryClient registry, Schema released, Schema current) {
        String subject = "compat-check-" + released.getName() + "-" + UUID.randomUUID();
        registry.register(subject, released);
        registry.setCompatibility(subject, CompatibilityLevel.BACKWARD);
        return registry.testCompatibility(subject, current).compatible();
    }
}
