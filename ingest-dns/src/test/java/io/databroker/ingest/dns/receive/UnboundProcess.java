package io.databroker.ingest.dns.receive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.databroker.testsupport.FreePorts;

/**
 * A real unbound (Debian's package, built with dnstap) run by the test as a child process, never as a system service:
 * foreground, no chroot, no privilege drop, everything under the module's target/ directory; local zone data only,
 * so it needs no network. Its dnstap output goes to ingest-dns over TCP or a Unix socket.
 */
final class UnboundProcess implements AutoCloseable {

    static final String UNBOUND = "/usr/sbin/unbound";
    static final String DIG = "/usr/bin/dig";
    private static final String INSTALL = "install it with: apt-get install -y --no-install-recommends unbound bind9-dnsutils "
            + "(.ci/run does this on CI)";

    private final Process process;
    private final Path dir;
    final int port;

    private UnboundProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Fails (never skips) when unbound or dig is missing: the DNS tests are part of the contract. */
    static void requireInstalled() {
        if (!Files.isExecutable(Path.of(UNBOUND))) {
            throw new IllegalStateException(UNBOUND + " is not installed; the dnstap tests need a real unbound: " + INSTALL);
        }
        if (!Files.isExecutable(Path.of(DIG))) {
            throw new IllegalStateException(DIG + " is not installed; the dnstap tests query unbound with dig: " + INSTALL);
        }
    }

    /** @param dnstapTarget the {@code dnstap:} lines that point unbound at the collector */
    static UnboundProcess start(String name, List<String> dnstapTarget) {
        requireInstalled();
        try {
            Path dir = Files.createDirectories(Path.of("target", "unbound", name + "-" + System.nanoTime()).toAbsolutePath());
            int port = FreePorts.one();
            List<String> conf = new ArrayList<>(List.of(
                    "server:",
                    "  interface: 127.0.0.1@" + port,
                    "  port: " + port,
                    "  do-ip6: no",
                    "  username: \"\"",
                    "  chroot: \"\"",
                    "  directory: \"" + dir + "\"",
                    "  pidfile: \"" + dir.resolve("unbound.pid") + "\"",
                    "  do-daemonize: no",
                    "  use-syslog: no",
                    "  logfile: \"\"",
                    "  verbosity: 1",
                    "  num-threads: 1",
                    "  module-config: \"iterator\"",
                    "  local-zone: \"example.test.\" static",
                    "  local-data: \"example.test. 3600 IN SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 300\"",
                    "  local-data: \"www.example.test. 300 IN A 192.0.2.10\"",
                    "  local-data: \"www.example.test. 300 IN AAAA 2001:db8::10\"",
                    "  local-data: \"example.test. 300 IN MX 10 mail.example.test.\"",
                    "  local-data: 'example.test. 300 IN TXT \"hello dnstap\"'",
                    "  local-data: \"ready.example.test. 300 IN A 192.0.2.1\"",
                    "  local-zone: \"nx.test.\" always_nxdomain",
                    "dnstap:",
                    "  dnstap-enable: yes",
                    "  dnstap-send-identity: yes",
                    "  dnstap-identity: \"unbound-it\"",
                    "  dnstap-send-version: yes",
                    "  dnstap-log-client-query-messages: yes",
                    "  dnstap-log-client-response-messages: yes"));
            conf.addAll(dnstapTarget);
            Path confFile = dir.resolve("unbound.conf");
            Files.write(confFile, conf, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(UNBOUND, "-d", "-c", confFile.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("unbound.log").toFile()).start();
            return new UnboundProcess(process, dir, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start unbound", e);
        }
    }

    /** {@code dig @127.0.0.1 -p <port> <name> <type>}: the answer lines ({@code +short}). */
    List<String> dig(String name, String type) {
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

    String log() {
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
            if (!process.waitFor(Duration.ofSeconds(10).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
