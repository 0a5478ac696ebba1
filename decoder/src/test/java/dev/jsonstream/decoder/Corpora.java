package dev.jsonstream.decoder;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Where the shared corpora and the project's testdata are; tests that need the corpora skip without them. */
final class Corpora {
    private Corpora() {
    }

    /** The project root: the nearest directory upwards that has the aggregator pom and testdata/. */
    static Path projectRoot() {
        Path p = Paths.get("").toAbsolutePath();
        while (p != null && !(Files.isDirectory(p.resolve("testdata")) && Files.isDirectory(p.resolve("decoder")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the project root from " + Paths.get("").toAbsolutePath());
        }
        return p;
    }

    static Path testdata() {
        return projectRoot().resolve("testdata");
    }

    /** {@code ../shared/corpora} beside the project, or a skip (not a failure) when it is absent. */
    static Path shared() {
        Path p = projectRoot().resolveSibling("shared").resolve("corpora");
        assumeTrue(Files.isDirectory(p), "skipped: " + p + " is absent (a clone without ../shared runs without it)");
        return p;
    }

    /**
     * Test arguments (display name, path) for the files of a folder of the shared corpora; where the corpora are
     * absent, one argument with a null path, which {@link #readShared} turns into a skip with a message (so the
     * skip is reported, not silently an empty test).
     */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> sharedFiles(String folder,
            String glob) {
        Path root = projectRoot().resolveSibling("shared").resolve("corpora");
        if (!Files.isDirectory(root)) {
            return java.util.stream.Stream.of(org.junit.jupiter.params.provider.Arguments.of(
                    "../shared/corpora absent", null));
        }
        Path dir = root.resolve(folder);
        return files(dir, glob).stream()
                .map(p -> org.junit.jupiter.params.provider.Arguments.of(dir.relativize(p).toString(), p));
    }

    /** The bytes of a file from {@link #sharedFiles}, or a skip when the corpora are absent. */
    static byte[] readShared(Path file) {
        assumeTrue(file != null, "skipped: ../shared/corpora is absent (a clone without ../shared runs without it)");
        return read(file);
    }

    static List<Path> files(Path dir, String glob) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> dir.getFileSystem().getPathMatcher("glob:" + glob).matches(f.getFileName()))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
