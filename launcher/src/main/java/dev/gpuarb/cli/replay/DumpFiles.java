package dev.gpuarb.cli.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The files a replay reads: the given files and every regular file under the given directories, in name order. */
final class DumpFiles {

    /** A file and the kind of dump it holds. */
    record Dump(Path file, DumpKind kind, long bytes) {}

    /** The dumps found, and the files that are not dumps of a known kind. */
    record Found(List<Dump> dumps, List<Path> unrecognised) {
        long totalBytes() {
            return dumps.stream().mapToLong(Dump::bytes).sum();
        }
    }

    private DumpFiles() {}

    /**
     * Walks {@code paths}. With {@code forced} every file is taken as that kind; otherwise each is
     * recognised by {@link DumpKind#detect}. A path that does not exist is an error, not a skip.
     */
    static Found collect(List<Path> paths, Optional<DumpKind> forced) throws IOException {
        List<Dump> dumps = new ArrayList<>();
        List<Path> unrecognised = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new NoSuchFileException(path.toString(), null, "no such file or directory");
            }
            for (Path file : regularFiles(path)) {
                Optional<DumpKind> kind = forced.isPresent() ? forced : DumpKind.detect(file);
                if (kind.isPresent()) {
                    dumps.add(new Dump(file, kind.get(), Files.size(file)));
                } else {
                    unrecognised.add(file);
                }
            }
        }
        return new Found(dumps, unrecognised);
    }

    private static List<Path> regularFiles(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }
}
