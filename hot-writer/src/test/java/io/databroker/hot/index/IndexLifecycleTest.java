package io.databroker.hot.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

class IndexLifecycleTest {

    @Test
    void packagedPolicyDeletesAfterTenDays() {
        JsonNode file = JsonResources.load(IndexLifecycle.RESOURCE);

        assertThat(file.at("/policy/phases/delete/min_age").asString()).isEqualTo("10d");
        assertThat(file.at("/policy/phases/delete/actions").has("delete")).isTrue();
        assertThat(file.at("/policy/phases").has("hot")).isFalse();
    }

    @Test
    void deletePhaseFollowsTheConfiguredRetention() {
        assertThat(minAge(Duration.ofDays(10))).isEqualTo("10d");
        assertThat(minAge(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(minAge(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(minAge(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    private static String minAge(Duration retention) {
        return new IndexLifecycle(null, true, retention).render().at("/policy/phases/delete/min_age").asString();
    }
}
