package io.databroker.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bare-metal units in deploy/systemd/ (docs/operations.md, "systemd"): one per service, each running the
 * service's jar as the dedicated user with its environment files, restarted on failure, and hardened; checked by
 * reading them as systemd does, and by {@code systemd-analyze verify} where systemd is installed.
 */
class SystemdUnitsTest {

    private static final Path DIR = Repository.root().resolve("deploy/systemd");
    private static final Map<String, Integer> PORTS = Map.of("ingest-arxiv", 8081, "ingest-github", 8082,
            "ingest-news", 8083, "ingest-dns", 8084, "enrich-service", 8085, "hot-writer", 8086, "cold-writer", 8087);

    static List<String> services() {
        return PORTS.keySet().stream().sorted().toList();
    }

    @Test
    void thereIsOneUnitPerServiceAndNoOther() {
        assertThat(Repository.files(DIR, ".service")).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(services().stream().map(s -> "databroker-" + s + ".service").toList());
    }

    @ParameterizedTest
    @MethodSource("services")
    void runsTheServiceJarAsTheDedicatedUserWithItsEnvironmentAndRestarts(String service) {
        SystemdUnit unit = unit(service);

        assertThat(unit.get("Service", "User")).isEqualTo("databroker");
        assertThat(unit.get("Service", "Group")).isEqualTo("databroker");
        assertThat(unit.get("Service", "ExecStart")).startsWith("/usr/bin/java ")
                .endsWith(" -jar /opt/databroker/lib/" + service + ".jar");
        assertThat(unit.all("Service", "EnvironmentFile"))
                .containsExactly("/etc/databroker/common.env", "-/etc/databroker/" + service + ".env");
        assertThat(unit.environment()).containsEntry("SERVER_PORT", String.valueOf(PORTS.get(service)))
                .containsEntry("BROKER_OPS_USERS_FILE", "%d/ops-users");
        assertThat(unit.all("Service", "LoadCredential")).containsExactly("ops-users:/etc/databroker/ops-users");
        assertThat(unit.get("Service", "Restart")).isEqualTo("on-failure");
        assertThat(unit.get("Service", "SuccessExitStatus")).as("the JVM's exit status after SIGTERM").isEqualTo("143");
        assertThat(unit.get("Install", "WantedBy")).isEqualTo("multi-user.target");
        assertThat(unit.all("Unit", "After")).contains("network-online.target");
    }

    @ParameterizedTest
    @MethodSource("services")
    void isHardened(String service) {
        SystemdUnit unit = unit(service);

        for (String option : List.of("NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices",
                "ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs", "ProtectControlGroups",
                "RestrictNamespaces", "RestrictRealtime", "RestrictSUIDSGID", "LockPersonality")) {
            assertThat(unit.get("Service", option)).as(service + " " + option).isEqualTo("yes");
        }
        assertThat(unit.get("Service", "ProtectSystem")).isEqualTo("strict");
        assertThat(unit.get("Service", "CapabilityBoundingSet")).as("no capabilities at all").isEmpty();
        assertThat(unit.get("Service", "AmbientCapabilities")).isEmpty();
        assertThat(unit.get("Service", "RestrictAddressFamilies")).isEqualTo("AF_INET AF_INET6 AF_UNIX");
        assertThat(unit.get("Service", "MemoryDenyWriteExecute")).as("the JIT needs W+X memory").isNull();
        assertThat(unit.get("Service", "StateDirectory")).isEqualTo("databroker/" + service);
        assertThat(unit.get("Service", "WorkingDirectory")).isEqualTo("/var/lib/databroker/" + service);
    }

    @Test
    void writableDataLivesWhereProtectSystemLetsTheServicesWrite() {
        SystemdUnit cold = unit("cold-writer");
        assertThat(cold.all("Service", "ReadWritePaths")).containsExactly("/var/lib/databroker/cold-store");
        assertThat(cold.environment()).containsEntry("BROKER_COLD_BASE_URI", "file:/var/lib/databroker/cold-store");

        assertThat(unit("enrich-service").environment().get("SPRING_KAFKA_STREAMS_STATE_DIR"))
                .as("inside its StateDirectory").startsWith("/var/lib/databroker/enrich-service/");
        assertThat(unit("ingest-dns").get("Service", "RuntimeDirectory")).as("for the dnstap Unix socket").isEqualTo("databroker-dns");
        services().stream().filter(s -> !s.equals("cold-writer"))
                .forEach(s -> assertThat(unit(s).all("Service", "ReadWritePaths")).as(s).isEmpty());
    }

    /** systemd's own parser; the JVM path is this test's, so the check does not depend on /usr/bin/java. */
    @Test
    void systemdAnalyzeVerifyAcceptsEveryUnit(@TempDir Path scratch) throws IOException {
        Optional<ExternalTool> analyze = ExternalTool.find("systemd-analyze");
        assumeTrue(analyze.isPresent(), "systemd-analyze not installed (Debian package systemd); the parsing checks above still ran");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> args = new ArrayList<>(List.of("verify", "--man=no"));
        for (String service : services()) {
            Path copy = scratch.resolve("databroker-" + service + ".service");
            Files.writeString(copy, Repository.read(DIR.resolve(copy.getFileName())).replace("/usr/bin/java ", java + " "));
            args.add(copy.toString());
        }

        ExternalTool.Result result = analyze.get().run(scratch, args);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).as("no warnings either").isBlank();
    }

    private static SystemdUnit unit(String service) {
        return SystemdUnit.parse(Repository.read(DIR.resolve("databroker-" + service + ".service")));
    }
}
