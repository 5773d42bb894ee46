package io.databroker.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates the repository the deployment files live in, from wherever the test JVM was started. */
final class Repository {

    private Repository() {
    }

    /** The directory holding {@code mvnw} and {@code compose.yaml}: the working directory or one of its parents. */
    static Path root() {
        String configured = System.getProperty("databroker.build.root");
        if (configured != null && Files.isRegularFile(Path.of(configured, "compose.yaml"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("compose.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory with mvnw and compose.yaml above " + Path.of("").toAbsolutePath());
    }

    /** Regular files under {@code dir} whose name ends with one of {@code suffixes}, sorted. */
    static List<Path> files(Path dir, String... suffixes) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
