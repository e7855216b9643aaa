package dev.gpuarb.schemas;

import dev.gpuarb.topics.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.specific.SpecificData;

/**
 * Snapshots of every topic schema as released, in {@code schemas/released/<version>/<full name>.avsc}
 * (self-contained: nested types inlined). The compatibility test checks each current schema against
 * its newest snapshot, so a change that would break existing consumers fails the build.
 *
 * <p>To release: {@code mvn -B -q -pl schemas test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.gpuarb.schemas.ReleasedSchemas -Dexec.args=<version>}.
 */
public final class ReleasedSchemas {

    /** Tests run in the schemas module; exec:java runs in the project root. */
    public static final Path ROOT =
            Files.isDirectory(Path.of("schemas", "released")) ? Path.of("schemas", "released") : Path.of("released");

    private ReleasedSchemas() {}

    /** Release versions, oldest first (numeric dotted order). */
    public static List<String> versions() {
        if (!Files.isDirectory(ROOT)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(ROOT)) {
            return dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted(Comparator.comparing(ReleasedSchemas::versionKey))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest released snapshot of a schema, if it was ever released. */
    public static Optional<Released> latest(String fullName) {
        List<String> versions = versions();
        for (int i = versions.size() - 1; i >= 0; i--) {
            Path file = ROOT.resolve(versions.get(i)).resolve(fullName + ".avsc");
            if (Files.isRegularFile(file)) {
                return Optional.of(new Released(versions.get(i), file, read(file)));
            }
        }
        return Optional.empty();
    }

    public static Schema read(Path file) {
        try {
            return new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String versionKey(String version) {
        StringBuilder key = new StringBuilder();
        for (String part : version.split("\\.")) {
            key.append(String.format("%08d", part.chars().allMatch(Character::isDigit) ? Integer.parseInt(part) : 0));
        }
        return key.toString();
    }

    /** One released snapshot. */
    public record Released(String version, Path file, Schema schema) {}

    /** Writes the current topic schemas as release {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1 || !args[0].matches("\\d+(\\.\\d+)*")) {
            System.err.println("usage: ReleasedSchemas <version>   e.g. 0.2.0");
            System.exit(2);
        }
        Path dir = ROOT.resolve(args[0]);
        Files.createDirectories(dir);
        for (Topic topic : Topic.values()) {
            Schema schema = SpecificData.get().getSchema(topic.valueClass());
            Files.writeString(
                    dir.resolve(schema.getFullName() + ".avsc"),
                    SchemaFormatter.format("json/pretty", schema) + "\n",
                    StandardCharsets.UTF_8);
        }
        System.out.println("wrote " + Topic.values().length + " schemas to " + dir.toAbsolutePath());
    }
}
