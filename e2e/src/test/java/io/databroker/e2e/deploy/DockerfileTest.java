package io.databroker.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** The one Dockerfile of the seven services, and the health check script it installs (run here against a real socket). */
class DockerfileTest {

    private static final Path ROOT = Repository.root();
    private static final String DOCKERFILE = Repository.read(ROOT.resolve("Dockerfile"));
    private static final Path HEALTHCHECK = ROOT.resolve("deploy/docker/healthcheck.sh");
    private static final Pattern ARG_DEFAULT = Pattern.compile("(?m)^ARG\\s+(\\w+)=(\\S+)");
    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");

    @Test
    void baseImagesArePinnedAndTheRuntimeIsANonRootJre() {
        Map<String, String> args = new LinkedHashMap<>();
        Matcher arg = ARG_DEFAULT.matcher(DOCKERFILE);
        while (arg.find()) {
            args.put(arg.group(1), arg.group(2));
        }
        List<String> bases = new ArrayList<>();
        Matcher from = FROM.matcher(DOCKERFILE);
        while (from.find()) {
            String image = from.group(1);
            for (Map.Entry<String, String> a : args.entrySet()) {
                image = image.replace("${" + a.getKey() + "}", a.getValue());
            }
            bases.add(image);
        }
        assertThat(bases).hasSize(2);
        bases.forEach(image -> assertThat(Images.pinProblem(image)).as(image).isNull());
        assertThat(bases.get(1)).as("runtime image").startsWith("eclipse-temurin:17").contains("-jre");

        String runtime = DOCKERFILE.substring(DOCKERFILE.lastIndexOf("\nFROM "));
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)(?::(\\d+))?\\s*$").matcher(runtime);
        assertThat(user.find()).as("numeric USER in the runtime stage (Kubernetes runAsNonRoot needs it)").isTrue();
        assertThat(Integer.parseInt(user.group(1))).isPositive();
        assertThat(runtime).contains("HEALTHCHECK").contains("/opt/databroker/healthcheck.sh");
        assertThat(runtime).containsPattern("JDK_JAVA_OPTIONS=\"[^\"]*-XX:MaxRAMPercentage=\\d+")
                .containsPattern("JDK_JAVA_OPTIONS=\"[^\"]*-XX:\\+ExitOnOutOfMemoryError");
    }

    @Test
    void theBuildStagePackagesExactlyTheServicesComposeBuilds() {
        Matcher modules = Pattern.compile("-pl\\s+([\\w,-]+)\\s").matcher(DOCKERFILE);
        assertThat(modules.find()).isTrue();

        assertThat(List.of(modules.group(1).split(",")))
                .containsExactlyInAnyOrderElementsOf(ComposeFile.load(ROOT).brokerServicePorts().keySet());
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndLocalData() {
        assertThat(Repository.read(ROOT.resolve(".dockerignore")).lines().map(String::strip))
                .contains("**/target/", "data/", ".git", ".env");
    }

    @Test
    void healthCheckPassesOnlyOnHttp200() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/actuator/health/readiness", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/actuator/health/liveness", exchange -> answer(exchange, 503, "{\"status\":\"DOWN\"}"));
        server.start();
        try {
            String port = Integer.toString(server.getAddress().getPort());

            assertThat(healthcheck(port).exitCode()).as("readiness 200").isZero();
            ExternalTool.Result down = healthcheck(port, "/actuator/health/liveness");
            assertThat(down.exitCode()).as("liveness 503").isEqualTo(1);
            assertThat(down.output()).contains("503");
            assertThat(healthcheck(port, "/nowhere").exitCode()).as("404").isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void healthCheckFailsWhenNothingListens() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ExternalTool.Result result = healthcheck(Integer.toString(closedPort));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("nothing listens");
    }

    private static ExternalTool.Result healthcheck(String port, String... path) {
        List<String> args = new ArrayList<>(List.of(HEALTHCHECK.toString()));
        args.addAll(List.of(path));
        return ExternalTool.require("bash", "bash").runIsolated(ROOT, Map.of("SERVER_PORT", port), args);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
