package io.databroker.bench.cold;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The classpath a child JVM of the bench gets when it should see what a service's own jar bundles and no more: the
 * bench's classes plus the jars of {@code bench/target/lib} whose artifacts the service's Spring Boot jar holds in
 * {@code BOOT-INF/lib} (at the bench's versions). Without it the cold-writer child would carry Spark's ~200 jars,
 * and every class or resource lookup (Hadoop reads its {@code *-site.xml} for each Parquet file) would scan them.
 */
final class ServiceClassPath {

    private ServiceClassPath() {
    }

    /** @param module the service module, e.g. {@code cold-writer}, whose {@code target/*-exec.jar} is read */
    static String of(Path buildRoot, String module) {
        Path benchTarget = buildRoot.resolve("bench").resolve("target");
        Set<String> bundled = bundledArtifacts(execJar(buildRoot.resolve(module).resolve("target"), module));
        bundled.add(module);
        List<String> entries = new ArrayList<>();
        entries.add(benchTarget.resolve("classes").toString());
        try (Stream<Path> jars = Files.list(benchTarget.resolve("lib"))) {
            jars.filter(jar -> bundled.contains(artifact(jar.getFileName().toString()))).sorted()
                    .forEach(jar -> entries.add(jar.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Path execJar(Path target, String module) {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches(module + "-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + module + " exec jar in " + target
                            + ": build with ./mvnw -pl bench -am package -DskipTests"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> bundledArtifacts(Path execJar) {
        try (ZipFile zip = new ZipFile(execJar.toFile())) {
            return zip.stream().map(entry -> entry.getName())
                    .filter(name -> name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar"))
                    .map(name -> artifact(name.substring("BOOT-INF/lib/".length())))
                    .collect(Collectors.toCollection(java.util.HashSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The artifact id of a Maven jar file name: what precedes the first {@code -<digit>} ({@code kafka_2.13-4.2.1.jar} → {@code kafka_2.13}). */
    static String artifact(String fileName) {
        for (int i = 0; i < fileName.length() - 1; i++) {
            if (fileName.charAt(i) == '-' && Character.isDigit(fileName.charAt(i + 1))) {
                return fileName.substring(0, i);
            }
        }
        return fileName;
    }
}
