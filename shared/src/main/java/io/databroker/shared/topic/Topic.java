package io.databroker.shared.topic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A topic of ARCHITECTURE §3: name, partition count and the topic-level configs it is created with.
 * Keys are always UTF-8 strings and values JSON bytes, so serdes need not travel with the topic.
 */
public record Topic(String name, int partitions, Map<String, String> configs) {

    public Topic {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, was " + partitions);
        }
        configs = Map.copyOf(configs);
    }

    /** A delete-policy topic kept for {@code retention}. */
    public static Topic retained(String name, int partitions, Duration retention) {
        return new Topic(name, partitions, Map.of("retention.ms", Long.toString(retention.toMillis())));
    }

    /** A compacted topic (latest value per key kept for ever). */
    public static Topic compacted(String name, int partitions) {
        return new Topic(name, partitions, Map.of("cleanup.policy", "compact"));
    }

    /** The same topic with another partition count (deployments may size topics differently). */
    public Topic withPartitions(int count) {
        return new Topic(name, count, configs);
    }

    /** The same topic with extra or overriding configs. */
    public Topic withConfigs(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(configs);
        merged.putAll(overrides);
        return new Topic(name, partitions, merged);
    }
}
