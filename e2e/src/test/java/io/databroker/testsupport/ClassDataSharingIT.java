package io.databroker.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The integration tests' services really start from a class data sharing archive (a broken archive would only make
 * them slower, which no other test notices). Here, where every service jar is built: a service's archive is trained
 * once, then a JVM that must map it ({@code -Xshare:on} fails otherwise) loads Spring's classes from it.
 */
class ClassDataSharingIT {

    @Test
    void aServiceLoadsItsClassesFromTheArchiveTrainedOnItsOwnStart() throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("databroker.build.root", "..")).toAbsolutePath().normalize();
        Path jar = ServiceProcess.moduleJar(root, "ingest-news",
                System.getProperty("databroker.project.version", "0.1.0-SNAPSHOT"));
        // No broker needed: the run ends once the context is refreshed, before anything connects.
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9", "SERVER_PORT", "0");
        List<String> jvmOptions = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

        ClassDataSharing.Launch launch = ClassDataSharing.prepare(jar, jvmOptions, env);

        assertThat(launch.jar()).isRegularFile().isNotEqualTo(jar);
        assertThat(launch.options()).anyMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(launch.options());
        command.addAll(List.of("-Xshare:on", "-Xlog:class+load=info", "-Dspring.context.exit=onRefresh",
                "-jar", launch.jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process run = builder.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(run.exitValue()).as("exit status; output ends:\n%s", tail(output)).isZero();
        assertThat(output).containsPattern(
                "org\\.springframework\\.context\\.support\\.AbstractApplicationContext source: shared objects file \\(top\\)");
    }

    private static String tail(String output) {
        return output.substring(Math.max(0, output.length() - 4_000));
    }
}
