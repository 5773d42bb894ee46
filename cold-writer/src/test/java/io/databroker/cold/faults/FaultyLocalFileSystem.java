package io.databroker.cold.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The local file system under the scheme {@code faulty:}, whose writes (create, rename, mkdirs, delete) fail with
 * "permission denied" for the paths {@link #failWritesTo} selects: a table directory made unwritable, deterministically
 * and even for root (who ignores file permissions). Reads always work. Registered through
 * {@link #configure(Configuration)}; Kernel's default LogStore reaches it through {@link FaultyFs}.
 */
public class FaultyLocalFileSystem extends RawLocalFileSystem {

    public static final String SCHEME = "faulty";

    private static volatile Predicate<String> failing = path -> false;
    private static final AtomicInteger refused = new AtomicInteger();

    /** From now on, writes to paths (as URI strings) matching {@code paths} fail; {@code p -> false} heals. */
    public static void failWritesTo(Predicate<String> paths) {
        failing = paths;
    }

    /** Writes refused so far. */
    public static int refusedWrites() {
        return refused.get();
    }

    /** Registers the scheme with Hadoop's FileSystem and FileContext (the latter used by Kernel's HDFSLogStore). */
    public static Configuration configure(Configuration conf) {
        conf.set("fs." + SCHEME + ".impl", FaultyLocalFileSystem.class.getName());
        conf.set("fs.AbstractFileSystem." + SCHEME + ".impl", FaultyFs.class.getName());
        return conf;
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    protected OutputStream createOutputStream(Path f, boolean append) throws IOException {
        check(f);
        return super.createOutputStream(f, append);
    }

    @Override
    protected OutputStream createOutputStreamWithMode(Path f, boolean append, FsPermission permission) throws IOException {
        check(f);
        return super.createOutputStreamWithMode(f, append, permission);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        check(dst);
        return super.rename(src, dst);
    }

    @Override
    public boolean delete(Path p, boolean recursive) throws IOException {
        check(p);
        return super.delete(p, recursive);
    }

    @Override
    public boolean mkdirs(Path f) throws IOException {
        check(f);
        return super.mkdirs(f);
    }

    @Override
    public boolean mkdirs(Path f, FsPermission permission) throws IOException {
        check(f);
        return super.mkdirs(f, permission);
    }

    private void check(Path path) throws IOException {
        String uri = makeQualified(path).toUri().toString();
        if (failing.test(uri)) {
            refused.incrementAndGet();
            throw new AccessDeniedException(uri, null, "Permission denied (injected by the test)");
        }
    }
}
