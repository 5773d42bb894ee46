package io.databroker.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

    private static final Path CHECKOUT = Path.of("/home/me/data-broker");

    @Test
    void defaultsMatchTheReadme() {
        LauncherOptions options = LauncherOptions.parse(new String[0], CHECKOUT);

        assertThat(options.dataDir()).isEqualTo(CHECKOUT.resolve("data"));
        assertThat(options.feeds()).isEmpty();
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.elasticsearchPort()).isEqualTo(9200);
        assertThat(options.buildRoot()).isEqualTo(CHECKOUT);
    }

    @Test
    void feedsAndPortsCanBeGiven() {
        LauncherOptions options = LauncherOptions.parse(new String[] {
                "--data", "/tmp/broker", "--feeds", "https://a.example/rss,https://b.example/atom",
                "--kafka-port", "19092", "--elasticsearch-port", "19200"}, CHECKOUT);

        assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/broker"));
        assertThat(options.feeds()).containsExactly("https://a.example/rss", "https://b.example/atom");
        assertThat(options.kafkaPort()).isEqualTo(19092);
        assertThat(options.elasticsearchPort()).isEqualTo(19200);
    }

    @Test
    void unknownOptionIsRejectedWithTheUsage() {
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--replay"}, CHECKOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --replay")
                .hasMessageContaining("usage: ./run-local");
    }

    @Test
    void optionWithoutValueIsRejected() {
        assertThatThrownBy(() -> LauncherOptions.parse(new String[] {"--feeds"}, CHECKOUT))
                .hasMessageContaining("--feeds needs a value");
    }
}
