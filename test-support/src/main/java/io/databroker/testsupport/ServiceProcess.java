package io.databroker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of our Spring Boot services running as a child JVM from its packaged jar, as operators run it:
 * configured only through environment variables, logging to a file, reachable on its management port.
 * Child JVMs (not in-process contexts) let the end-to-end and crash tests kill a service with SIGKILL.
 */
public final class ServiceProcess implements AutoCloseable {

    /** System property with more JVM options for every service started through {@link #of}, space-separated. */
    public static final String EXTRA_JVM_OPTIONS = "databroker.service.jvm-options";

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> env;
    private final Path logFile;
    private final List<String> jvmOptions;
    private Process process;

    private ServiceProcess(String name, Path jar, int port, Map<String, String> env, Path logFile, List<String> jvmOptions) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.env = Map.copyOf(env);
        this.logFile = logFile;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * The runnable (Spring Boot) jar of a reactor module: {@code <build root>/<module>/target/<module>-<version>-exec.jar}.
     *
     * @throws IllegalStateException naming the build command when the jar has not been built
     */
    public static Path moduleJar(Path buildRoot, String module, String version) {
        Path jar = buildRoot.resolve(module).resolve("target").resolve(module + "-" + version + "-exec.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("service jar " + jar + " is missing: build it first with ./mvnw -DskipTests package");
        }
        return jar;
    }

    /**
     * Describes (does not start) a service; {@code port} is its HTTP/management port, passed as SERVER_PORT. JVM
     * options: a 512 MB serial-GC heap, then those of the system property {@value #EXTRA_JVM_OPTIONS} (the build's
     * integration tests set {@code -XX:TieredStopAtLevel=1}: their services live minutes, and C2 compiling them was a
     * large share of the CI run's CPU; benchmarks and the launcher leave it unset and run as deployed). With
     * {@code databroker.service.cds=true} (the build's integration tests) the JVM runs the jar's extracted layout with
     * a class data sharing archive: see {@link ClassDataSharing}.
     */
    public static ServiceProcess of(String name, Path jar, int port, Map<String, String> env, Path logDir) {
        List<String> options = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC"));
        for (String option : System.getProperty(EXTRA_JVM_OPTIONS, "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                options.add(option);
            }
        }
        return new ServiceProcess(name, jar, port, env, logDir.resolve(name + ".log"), options);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Starts the JVM (appending to its log file, so restarts keep the history). */
    public synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        Map<String, String> environment = new LinkedHashMap<>(env);
        environment.put("SERVER_PORT", Integer.toString(port));
        Path runnable = jar;
        if (ClassDataSharing.enabled()) {
            ClassDataSharing.Launch launch = ClassDataSharing.prepare(jar, jvmOptions, environment);
            command.addAll(launch.options());
            runnable = launch.jar();
        }
        command.add("-jar");
        command.add(runnable.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " from " + jar, e);
        }
        return this;
    }

    /** Waits until {@code /actuator/health/readiness} answers 200, failing early (with the log tail) if the JVM exits. */
    public ServiceProcess awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue()
                        + " before becoming ready; log tail:\n" + logTail(80));
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(url("/actuator/health/readiness"))).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return this;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name, e);
            }
            pause(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + " (last answer: " + last + "); log tail:\n" + logTail(80));
    }

    /** The operating-system process id of the running JVM (e.g. to read its /proc entries); -1 before start. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, then SIGKILL after {@code grace}: Spring closes its contexts on SIGTERM (graceful shutdown). */
    public synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** SIGKILL: the crash the delivery guarantees must survive. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last {@code lines} lines of the service's log, for failure messages. */
    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "(no log file " + logFile + ")";
            }
            // Decoded leniently: a log must stay readable even if a service printed broken bytes.
            List<String> all = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(could not read " + logFile + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
