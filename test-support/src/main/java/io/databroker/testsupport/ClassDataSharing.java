package io.databroker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts a service jar from Spring Boot's extracted layout with an AppCDS archive of the classes it loads while its
 * context starts: the JVM then maps those classes instead of reading, parsing and verifying them again. ingest-news
 * starts on 2.5-2.8 instead of 5.0-5.4 CPU-s this way (idle 2-core machine), and the integration tests start a service
 * about a hundred times. Opt-in ({@value #PROPERTY}): the build's integration tests set it; benchmarks and the
 * launcher run the fat jar as deployed.
 *
 * <p>The extracted copy lives next to the jar, named after the jar's size and modification time, so a rebuilt jar gets
 * a fresh one. The archive comes from a training run, as Spring Boot documents it: the service's own start with
 * {@code -Dspring.context.exit=onRefresh}, which ends once the context is refreshed, before anything connects or
 * listens. Extracting and archiving write to scratch names and move into place, so test JVMs running side by side
 * share the result safely. The archive is named after the JDK that wrote it, the only one it serves. Should training
 * fail, the services of that jar start without an archive (only slower), and this JVM does not try again.
 */
final class ClassDataSharing {

    /** System property: {@code true} starts services through this class. */
    static final String PROPERTY = "databroker.service.cds";

    /** Per JDK: an archive only serves the JVM that wrote it, and a developer may switch between 17 and 25. */
    private static final String ARCHIVE = "app-" + Runtime.version() + ".jsa";
    /** Jars whose training failed in this JVM: their services start without an archive rather than train each time. */
    private static final Set<Path> UNTRAINABLE = new HashSet<>();
    /** CDS's own warnings (classes it skips) would land in the service's log, which tests read. */
    private static final List<String> QUIET = List.of("-Xlog:cds*=off", "-Xlog:class+path=off");

    private ClassDataSharing() {
    }

    static boolean enabled() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * What to run instead of {@code java -jar fatJar}: the extracted jar, and the options that use its archive.
     *
     * @param jar     the jar to start ({@code java -jar})
     * @param options JVM options for CDS (none when there is no archive)
     */
    record Launch(Path jar, List<String> options) {
    }

    /** Extracts {@code fatJar} and trains its archive, both once per jar; {@code env} and options as the service's. */
    static synchronized Launch prepare(Path fatJar, List<String> jvmOptions, Map<String, String> env) {
        Path extracted = extract(fatJar);
        Path jar = extracted.resolve(fatJar.getFileName());
        Path archive = extracted.resolve(ARCHIVE);
        if (!Files.isRegularFile(archive) && !UNTRAINABLE.contains(jar)) {
            train(jar, archive, jvmOptions, env);
            if (!Files.isRegularFile(archive)) {
                UNTRAINABLE.add(jar);
            }
        }
        if (!Files.isRegularFile(archive)) {
            return new Launch(jar, List.of());
        }
        List<String> options = new ArrayList<>(QUIET);
        options.add("-XX:SharedArchiveFile=" + archive);
        return new Launch(jar, options);
    }

    private static void train(Path jar, Path archive, List<String> jvmOptions, Map<String, String> env) {
        Path pending = archive.resolveSibling(ARCHIVE + "." + UUID.randomUUID() + ".tmp");
        Path log = archive.resolveSibling("training.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(QUIET);
        command.addAll(List.of("-XX:ArchiveClassesAtExit=" + pending, "-Dspring.context.exit=onRefresh",
                "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            Process training = builder.start();
            if (!training.waitFor(2, TimeUnit.MINUTES)) {
                training.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } else if (Files.isRegularFile(pending) && Files.size(pending) > 0) {
                moveAtomically(pending, archive);
            }
            if (!Files.isRegularFile(archive)) {
                System.err.println("[cds] no class data sharing archive for " + jar.getFileName()
                        + "; it starts without one (training log: " + log + ")");
            }
            Files.deleteIfExists(pending);
        } catch (IOException e) {
            System.err.println("[cds] training " + jar.getFileName() + " failed, it starts without an archive: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted training " + jar.getFileName(), e);
        }
    }

    private static Path extract(Path fatJar) {
        try {
            Path target = fatJar.resolveSibling("cds").resolve(fatJar.getFileName().toString().replace(".jar", "")
                    + "-" + Files.size(fatJar) + "-" + Files.getLastModifiedTime(fatJar).toMillis());
            if (Files.isRegularFile(target.resolve(fatJar.getFileName()))) {
                return target;
            }
            Path scratch = Files.createDirectories(target.getParent()).resolve(target.getFileName() + "."
                    + UUID.randomUUID() + ".tmp");
            Process extract = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djarmode=tools", "-jar", fatJar.toString(), "extract", "--destination", scratch.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
                extract.destroyForcibly();
                throw new IllegalStateException("could not extract " + fatJar + " (java -Djarmode=tools -jar "
                        + fatJar.getFileName() + " extract)");
            }
            try {
                moveAtomically(scratch, target);
            } catch (IOException e) {
                deleteTree(scratch);
                if (!Files.isRegularFile(target.resolve(fatJar.getFileName()))) {
                    throw e;
                }
                // another test JVM extracted it first
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract " + fatJar, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted extracting " + fatJar, e);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
