package io.databroker.shared.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a service creates the topics it owns (bound from {@code broker.topics.*} in every service).
 *
 * @param create            create missing topics at start-up (turn off where an init job or operator owns topics)
 * @param replicationFactor replication factor of created topics; unset = the broker's default.replication.factor
 * @param partitions        per-topic partition count overrides, by topic name (default: ARCHITECTURE §3)
 * @param timeout           how long to wait for the broker while creating topics
 */
public record TopicSettings(Boolean create, Short replicationFactor, Map<String, Integer> partitions, Duration timeout) {

    public TopicSettings {
        create = create == null || create;
        partitions = partitions == null ? Map.of() : Map.copyOf(partitions);
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
    }

    public static TopicSettings defaults() {
        return new TopicSettings(null, null, null, null);
    }

    public Optional<Short> replication() {
        return Optional.ofNullable(replicationFactor);
    }

    /** The topics as this deployment sizes them. */
    public List<Topic> apply(Collection<Topic> topics) {
        List<Topic> sized = new ArrayList<>();
        for (Topic topic : topics) {
            Integer override = partitions.get(topic.name());
            sized.add(override == null ? topic : topic.withPartitions(override));
        }
        return sized;
    }
}
