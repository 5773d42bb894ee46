package io.databroker.hot.index;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.hot.bulk.Backoff;
import io.databroker.hot.bulk.ElasticsearchErrorClassifier;
import io.databroker.hot.bulk.ErrorClass;
import io.databroker.hot.bulk.StopSignal;
import io.databroker.shared.topic.Source;

/**
 * Prepares the cluster before the first document is written: the ILM policy, then the index templates (which refer
 * to it). A cluster that is still starting is waited for, up to a deadline; anything else fails start-up at once with
 * Elasticsearch's answer in the message.
 */
public final class HotStoreSetup {

    private static final Logger log = LoggerFactory.getLogger(HotStoreSetup.class);

    /** How long to wait before trying again while Elasticsearch rejects the credentials. */
    static final Duration CREDENTIALS_RETRY = Duration.ofSeconds(10);

    private final IndexLifecycle lifecycle;
    private final IndexTemplates templates;
    private final ElasticsearchErrorClassifier classifier;
    private final Backoff backoff;
    private final Clock clock;
    private final Duration timeout;

    public HotStoreSetup(IndexLifecycle lifecycle, IndexTemplates templates, ElasticsearchErrorClassifier classifier,
                         Backoff backoff, Clock clock, Duration timeout) {
        this.lifecycle = lifecycle;
        this.templates = templates;
        this.classifier = classifier;
        this.backoff = backoff;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * True when Elasticsearch answered 401 or 403: the credentials (or their privileges) are wrong, not the cluster.
     * Restarting the service does not help, so the service stays up and not ready instead of exiting.
     */
    public static boolean credentialsRejected(Throwable failure) {
        Integer status = ElasticsearchErrorClassifier.requestStatus(failure);
        return status != null && (status == 401 || status == 403);
    }

    /**
     * {@link #run} for a service that started while Elasticsearch rejected its credentials: tries again every
     * {@link #CREDENTIALS_RETRY} while they are rejected.
     *
     * @return true once installed, false when stopped first
     */
    public boolean runOnceAccepted(Collection<Source> sources, StopSignal stop) {
        while (!stop.isStopped()) {
            try {
                run(sources);
                log.info("Elasticsearch accepts the credentials now; policy and templates installed");
                return true;
            } catch (IllegalStateException e) {
                if (!credentialsRejected(e)) {
                    throw e;
                }
                log.error("Elasticsearch still rejects hot-writer's credentials ({}); retrying in {}", e.getMessage(),
                        CREDENTIALS_RETRY);
                stop.pause(CREDENTIALS_RETRY);
            }
        }
        return false;
    }

    /**
     * Installs the policy and the templates of {@code sources}.
     *
     * @throws IllegalStateException when ILM is required but missing, or the cluster refused or stayed unreachable
     */
    public void run(Collection<Source> sources) {
        Instant deadline = clock.instant().plus(timeout);
        StopSignal never = new StopSignal();
        for (int attempt = 1; ; attempt++) {
            try {
                lifecycle.install();
                templates.install(sources);
                return;
            } catch (IOException e) {
                boolean transientFailure = classifier.classifyRequest(e) == ErrorClass.RETRIABLE;
                if (!transientFailure || !clock.instant().isBefore(deadline)) {
                    throw new IllegalStateException("could not install the ILM policy and index templates"
                            + (transientFailure ? " within " + timeout + " (broker.hot.setup-timeout)" : "")
                            + ": " + e.getMessage(), e);
                }
                Duration delay = backoff.delay(attempt);
                log.warn("Elasticsearch not reachable yet ({}: {}); retrying in {} ms",
                        e.getClass().getSimpleName(), e.getMessage(), delay.toMillis());
                never.pause(delay);
            }
        }
    }
}
