package io.databroker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real unbound (Debian's package, built with dnstap) run by a test as a child process, never as a system service:
 * foreground, no chroot, no privilege drop, every file in a directory the caller names; answers only from the
 * local-zone data it is given, so it needs no network. Its dnstap output goes wherever the caller's {@code dnstap:}
 * lines point (ingest-dns over TCP or a Unix socket). unbound opens its dnstap connection in the background: a
 * caller that needs every query logged queries a probe name until the probe's record arrives.
 */
public final class UnboundResolver implements AutoCloseable {

    public static final String UNBOUND = "/usr/sbin/unbound";
    public static final String DIG = "/usr/bin/dig";
    private static final String INSTALL = "install it with: apt-get install -y --no-install-recommends unbound bind9-dnsutils "
            + "(.ci/run does this on CI)";

    private final Process process;
    private final Path dir;
    private final int port;

    private UnboundResolver(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Fails (never skips) when unbound or dig is missing: the DNS tests are part of the contract. */
    public static void requireInstalled() {
        if (!Files.isExecutable(Path.of(UNBOUND))) {
            throw new IllegalStateException(UNBOUND + " is not installed; the dnstap tests need a real unbound: " + INSTALL);
        }
        if (!Files.isExecutable(Path.of(DIG))) {
            throw new IllegalStateException(DIG + " is not installed; the dnstap tests query unbound with dig: " + INSTALL);
        }
    }

    /**
     * Starts unbound on a free loopback port.
     *
     * @param dir          its directory: config, pid file and log (created if missing)
     * @param identity     the dnstap identity it sends
     * @param zoneData     {@code server:} lines with its {@code local-zone}/{@code local-data}, indented
     * @param dnstapTarget {@code dnstap:} lines that point it at the collector, indented
     */
    public static UnboundResolver start(Path dir, String identity, List<String> zoneData, List<String> dnstapTarget) {
        requireInstalled();
        try {
            Path home = Files.createDirectories(dir.toAbsolutePath());
            int port = FreePorts.one();
            List<String> conf = new ArrayList<>(List.of(
                    "server:",
                    "  interface: 127.0.0.1@" + port,
                    "  port: " + port,
                    "  do-ip6: no",
                    "  username: \"\"",
                    "  chroot: \"\"",
                    "  directory: \"" + home + "\"",
                    "  pidfile: \"" + home.resolve("unbound.pid") + "\"",
                    "  do-daemonize: no",
                    "  use-syslog: no",
                    "  logfile: \"\"",
                    "  verbosity: 1",
                    "  num-threads: 1",
                    "  module-config: \"iterator\""));
            conf.addAll(zoneData);
            conf.addAll(List.of(
                    "dnstap:",
                    "  dnstap-enable: yes",
                    "  dnstap-send-identity: yes",
                    "  dnstap-identity: \"" + identity + "\"",
                    "  dnstap-send-version: yes",
                    "  dnstap-log-client-query-messages: yes",
                    "  dnstap-log-client-response-messages: yes"));
            conf.addAll(dnstapTarget);
            Path confFile = home.resolve("unbound.conf");
            Files.write(confFile, conf, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(UNBOUND, "-d", "-c", confFile.toString())
                    .redirectErrorStream(true).redirectOutput(home.resolve("unbound.log").toFile()).start();
            return new UnboundResolver(process, home, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start unbound in " + dir, e);
        }
    }

    /** The DNS port it answers on (127.0.0.1, UDP and TCP). */
    public int port() {
        return port;
    }

    /** {@code dig @127.0.0.1 -p <port> <name> <type>}: the answer lines ({@code +short}). */
    public List<String> dig(String name, String type) {
        if (!process.isAlive()) {
            throw new IllegalStateException("unbound exited with " + process.exitValue() + "; log:\n" + log());
        }
        try {
            Process dig = new ProcessBuilder(DIG, "@127.0.0.1", "-p", Integer.toString(port), "+time=2", "+tries=1",
                    "+short", name, type).redirectErrorStream(true).start();
            if (!dig.waitFor(10, TimeUnit.SECONDS)) {
                dig.destroyForcibly();
                throw new IllegalStateException("dig " + name + " " + type + " did not finish");
            }
            List<String> lines = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (dig.exitValue() != 0) {
                throw new IllegalStateException("dig " + name + " " + type + " failed: " + lines);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What unbound wrote to stdout/stderr so far, for failure messages. */
    public String log() {
        try {
            return Files.readString(dir.resolve("unbound.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
