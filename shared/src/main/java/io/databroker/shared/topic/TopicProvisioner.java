package io.databroker.shared.topic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.shared.kafka.KafkaAuthentication;

/**
 * Creates topics idempotently at start-up: missing topics are created with their partitions and configs,
 * existing ones are left alone (a partition count below the expected one is logged, never changed, because
 * adding partitions re-routes keys).
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final Optional<Short> replicationFactor;
    private final long timeoutMillis;

    /**
     * @param replicationFactor empty = the broker's {@code default.replication.factor}
     */
    public TopicProvisioner(Admin admin, Optional<Short> replicationFactor, long timeoutMillis) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * The start-up step of every service: unless {@code settings.create()} is off, ensures {@code topics} (with the
     * configured partition overrides applied) exist, through a short-lived Admin client built from {@code adminConfig}.
     * A broker that rejects the credentials is logged and the start goes on: the service then stays not ready
     * (its {@code kafkaAuthentication} readiness check is DOWN) rather than exiting into a crash loop.
     */
    public static void provision(TopicSettings settings, Collection<Topic> topics, Map<String, Object> adminConfig) {
        if (!settings.create()) {
            return;
        }
        try (Admin admin = Admin.create(adminConfig)) {
            new TopicProvisioner(admin, settings.replication(), settings.timeout().toMillis()).ensure(settings.apply(topics));
        } catch (RuntimeException e) {
            if (!KafkaAuthentication.failed(e)) {
                throw e;
            }
            log.error("topics not provisioned: {}", KafkaAuthentication.explain(e));
        }
    }

    /** Ensures every topic exists; returns the names that this call created. */
    public List<String> ensure(Collection<Topic> topics) {
        List<NewTopic> requests = topics.stream()
                .map(t -> new NewTopic(t.name(), Optional.of(t.partitions()), replicationFactor).configs(t.configs()))
                .toList();
        CreateTopicsResult result = admin.createTopics(requests);
        List<String> created = new ArrayList<>();
        for (Topic topic : topics) {
            try {
                result.values().get(topic.name()).get(timeoutMillis, TimeUnit.MILLISECONDS);
                created.add(topic.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topic " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("timed out after " + timeoutMillis + " ms creating topic " + topic.name()
                        + " (is the Kafka broker reachable?)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topics", e);
            }
        }
        warnAboutSmallerPartitionCounts(topics, Set.copyOf(created));
        if (!created.isEmpty()) {
            awaitLeaders(topics.stream().filter(t -> created.contains(t.name())).toList());
            log.info("created topics {}", created);
        }
        return created;
    }

    /**
     * Returns once every partition of the new topics answers from its leader. Producing before that gets
     * NOT_LEADER_OR_FOLLOWER, and an idempotent producer retrying that batch behind a later one was seen to fail
     * it with OUT_OF_ORDER_SEQUENCE_NUMBER (Kafka 4.2): a service must not start publishing on that race.
     */
    private void awaitLeaders(Collection<Topic> created) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (Topic topic : created) {
            for (int p = 0; p < topic.partitions(); p++) {
                latest.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (true) {
                try {
                    admin.listOffsets(latest).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
                    return;
                } catch (ExecutionException notReadyYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("created topics but their partition leaders did not answer within "
                                + timeoutMillis + " ms: " + notReadyYet.getCause().getMessage(), notReadyYet.getCause());
                    }
                    Thread.sleep(50);
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + timeoutMillis + " ms waiting for the leaders of new topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the leaders of new topics", e);
        }
    }

    private void warnAboutSmallerPartitionCounts(Collection<Topic> topics, Set<String> created) {
        List<String> existing = topics.stream().map(Topic::name).filter(n -> !created.contains(n)).toList();
        if (existing.isEmpty()) {
            return;
        }
        try {
            Map<String, TopicDescription> described = admin.describeTopics(existing).allTopicNames()
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
            for (Topic topic : topics) {
                TopicDescription d = described.get(topic.name());
                if (d != null && d.partitions().size() < topic.partitions()) {
                    log.warn("topic {} has {} partitions, fewer than the expected {}; left unchanged",
                            topic.name(), d.partitions().size(), topic.partitions());
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            log.warn("could not describe existing topics {}: {}", existing, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
