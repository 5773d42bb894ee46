package io.databroker.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The outside Kafka client the hostile-input test produces with: Debian's {@code kcat} (librdkafka), so records reach
 * the raw topics exactly as a foreign producer's would, without our serializers in between. Records go through stdin,
 * one per line ({@code -D \n}) with the key before a tab ({@code -K \t}): values must not hold a newline byte.
 */
final class Kcat {

    /** What one kcat run reported: its exit status and everything it printed. */
    record Result(int exitCode, String output) {
    }

    private final String bootstrap;

    Kcat(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** Fails (does not skip) when kcat is missing: the suite needs it, and {@code .ci/run} installs it. */
    static String requireInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "kcat");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("kcat is not installed (Debian package kcat; .ci/run installs it): "
                + "the hostile-input test produces with it and cannot run without it");
    }

    /**
     * Produces {@code records} (key → value, in order) to {@code topic} in one kcat run, every record carrying
     * {@code headers}; {@code extraConfig} are librdkafka properties ({@code -X}).
     */
    Result produce(String topic, List<Map.Entry<String, byte[]>> records, List<String> headers, Map<String, String> extraConfig) {
        List<String> command = new ArrayList<>(List.of(requireInstalled(), "-P", "-b", bootstrap, "-t", topic,
                "-K", "\t", "-D", "\n", "-z", "none", "-X", "acks=all"));
        headers.forEach(h -> command.addAll(List.of("-H", h)));
        extraConfig.forEach((k, v) -> command.addAll(List.of("-X", k + "=" + v)));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> {
                try {
                    process.getInputStream().transferTo(output);
                } catch (IOException e) {
                    // the process ended; what was read is kept
                }
            }, "kcat-output");
            drain.start();
            try (OutputStream stdin = process.getOutputStream()) {
                for (Map.Entry<String, byte[]> record : records) {
                    stdin.write(record.getKey().getBytes(StandardCharsets.UTF_8));
                    stdin.write('\t');
                    stdin.write(record.getValue());
                    stdin.write('\n');
                }
            }
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("kcat did not finish producing " + records.size() + " records to " + topic);
            }
            drain.join();
            return new Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run kcat", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
