package io.databroker.e2e.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A command-line validator from a Debian package (docker-compose, promtool). A missing tool fails the test with the
 * package to install, never skips it: .ci/run installs them, and a silent skip would validate nothing.
 */
record ExternalTool(Path executable) {

    /** What one run printed (stdout and stderr together) and how it ended. */
    record Result(int exitCode, String output) {
    }

    /** The tool on PATH, or an AssertionError naming the Debian package that provides it. */
    static ExternalTool require(String name, String debianPackage) {
        return find(name).orElseThrow(() -> new AssertionError(name + " is not on PATH: install it with "
                + "`apt-get install --no-install-recommends " + debianPackage + "` (.ci/run does this on CI)"));
    }

    static Optional<ExternalTool> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(new ExternalTool(candidate));
            }
        }
        return Optional.empty();
    }

    Result run(Path workingDir, List<String> args) {
        return run(workingDir, Map.of(), args, false);
    }

    /**
     * Runs with only PATH, HOME and the locale inherited, so variables of the test's own environment (say a
     * KAFKA_BOOTSTRAP_SERVERS) cannot leak into what the tool interpolates.
     */
    Result runIsolated(Path workingDir, Map<String, String> env, List<String> args) {
        return run(workingDir, env, args, true);
    }

    /** Runs to completion (at most two minutes); the output is kept for the assertion message. */
    Result run(Path workingDir, Map<String, String> env, List<String> args, boolean isolated) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        try {
            // scratch under the module's target/, not /tmp
            Path log = Files.createTempFile(Files.createDirectories(Path.of("target").toAbsolutePath()), "external-tool", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                if (isolated) {
                    builder.environment().keySet().retainAll(Set.of("PATH", "HOME", "LANG", "LC_ALL"));
                }
                builder.environment().putAll(env);
                Process process = builder.start();
                process.getOutputStream().close();
                if (!process.waitFor(Duration.ofMinutes(2).toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(command + " did not finish within 2 minutes");
                }
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
