package io.databroker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unpacked Elasticsearch integ-test distribution, and the unprivileged user that runs it when we are root.
 * Unpacked once per build tree; parallel JVMs serialise on a file lock and reuse a complete copy.
 */
final class ElasticsearchDistribution {

    static final String VERSION = "8.19.21";
    /** Elasticsearch refuses to start as root ("can not run elasticsearch as root"), so root runs it as this user. */
    static final String SYSTEM_USER = "databroker-es";

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchDistribution.class);
    private static final String MARKER = ".databroker-unpacked";

    private static Path home;

    private ElasticsearchDistribution() {
    }

    /** {@code <build root>/target/elasticsearch-VERSION}, unpacked and (as root) owned by {@link #SYSTEM_USER}. */
    static synchronized Path home() {
        if (home == null) {
            Path buildRoot = Path.of(System.getProperty("databroker.build.root", ".")).toAbsolutePath().normalize();
            Path target = buildRoot.resolve("target");
            Path unpacked = target.resolve("elasticsearch-" + VERSION);
            unpackOnce(zipPath(), target, unpacked);
            if (runsAsRoot()) {
                checkTraversable(unpacked);
            }
            home = unpacked;
        }
        return home;
    }

    static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Makes {@code dir} and everything below it belong to {@link #SYSTEM_USER} (only meaningful as root). */
    static void giveToSystemUser(Path dir) {
        try {
            UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
            var user = lookup.lookupPrincipalByName(SYSTEM_USER);
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(SYSTEM_USER);
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    PosixFileAttributeView view =
                            Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                    view.setOwner(user);
                    view.setGroup(group);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not hand " + dir + " to user " + SYSTEM_USER, e);
        }
    }

    /**
     * The system user cannot reach a directory whose ancestors it may not traverse; Elasticsearch would then fail
     * with an obscure AccessDeniedException, so we fail first and name the directory.
     */
    static void checkTraversable(Path dir) {
        for (Path d = dir.toAbsolutePath().getParent(); d != null; d = d.getParent()) {
            try {
                PosixFileAttributes attributes = Files.readAttributes(d, PosixFileAttributes.class);
                boolean ownedByUser = attributes.owner().getName().equals(SYSTEM_USER);
                boolean traversable = ownedByUser
                        ? attributes.permissions().contains(PosixFilePermission.OWNER_EXECUTE)
                        : attributes.permissions().contains(PosixFilePermission.OTHERS_EXECUTE);
                if (!traversable) {
                    throw new IllegalStateException("Elasticsearch runs as user " + SYSTEM_USER + ", which cannot"
                            + " traverse " + d + " (permissions " + attributes.permissions() + "); run `chmod o+x "
                            + d + "` or move the build elsewhere");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read permissions of " + d, e);
            }
        }
    }

    private static Path zipPath() {
        String configured = System.getProperty("databroker.elasticsearch.zip");
        Path zip = configured != null
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "elasticsearch", "distribution",
                        "integ-test-zip", "elasticsearch", VERSION, "elasticsearch-" + VERSION + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Elasticsearch distribution not found at " + zip + "; resolve "
                    + "org.elasticsearch.distribution.integ-test-zip:elasticsearch:" + VERSION + ":zip (test-support "
                    + "depends on it) or set -Ddatabroker.elasticsearch.zip");
        }
        return zip;
    }

    private static void unpackOnce(Path zip, Path target, Path unpacked) {
        try {
            Files.createDirectories(target);
            try (FileChannel lockFile = FileChannel.open(target.resolve("elasticsearch-" + VERSION + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                if (runsAsRoot()) {
                    ensureSystemUser();
                }
                if (Files.exists(unpacked.resolve(MARKER))) {
                    return;
                }
                long started = System.nanoTime();
                // A copy without marker is what a killed JVM left half-written.
                Directories.deleteRecursively(unpacked);
                unpack(zip, target);
                if (!Files.isDirectory(unpacked)) {
                    throw new IllegalStateException(zip + " has no top-level folder " + unpacked.getFileName());
                }
                if (runsAsRoot()) {
                    giveToSystemUser(unpacked);
                }
                Files.writeString(unpacked.resolve(MARKER), zip + "\n");
                log.info("Unpacked {} into {} in {} ms", zip.getFileName(), unpacked,
                        (System.nanoTime() - started) / 1_000_000);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack " + zip + " into " + target, e);
        }
    }

    /**
     * Unpacks through the JDK's zip file system, which exposes each entry's Unix mode: java.util.zip does not, and
     * bin/elasticsearch and friends must stay executable. (The integ-test zip has no native executables elsewhere;
     * lib/platform holds only shared libraries, which need no exec bit.)
     */
    private static void unpack(Path zip, Path target) throws IOException {
        try (FileSystem zipFs = FileSystems.newFileSystem(zip, Map.of("enablePosixFileAttributes", "true"));
             Stream<Path> entries = Files.walk(zipFs.getPath("/"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                Path destination = target.resolve(zipFs.getPath("/").relativize(entry).toString()).normalize();
                if (!destination.startsWith(target)) {
                    throw new IOException("zip entry escapes the target directory: " + entry);
                }
                if (Files.isDirectory(entry)) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    Files.copy(entry, destination, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(destination,
                            Files.readAttributes(entry, PosixFileAttributes.class).permissions());
                }
            }
        }
    }

    private static void ensureSystemUser() {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(SYSTEM_USER);
            return;
        } catch (UserPrincipalNotFoundException e) {
            // Create it below.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look up user " + SYSTEM_USER, e);
        }
        run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER));
        log.info("Created system user {} to run Elasticsearch (it refuses to run as root)", SYSTEM_USER);
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
