package io.databroker.hot.bulk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.databroker.hot.circuit.HotStoreCircuit;
import io.databroker.hot.circuit.StoreUnavailableException;
import io.databroker.hot.config.HotWriterProperties;
import io.databroker.shared.metrics.MetricNames;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Sends index actions through the client's {@link BulkIngester} (bounded operations, bytes and concurrent requests;
 * {@link #submit} blocks while all of them are used: that is the consumer's backpressure) and reports every
 * document's outcome to {@link Outcomes}: response item <i>i</i> answers request operation <i>i</i>, and
 * {@link ElasticsearchErrorClassifier} decides per item. Nothing is retried here: the ingester's own backoff only
 * re-sends per-item 429s, without jitter and with a bounded number of attempts after which the document would be
 * reported as failed; instead every transient failure (429 and 5xx items, whole-request failures) goes to
 * {@link Outcomes#failed}, and the caller re-submits it after a backoff of its own. Bulk outcomes feed the
 * {@link HotStoreCircuit}.
 *
 * @param <C> the caller's per-document context, handed back with the outcome
 */
public final class BulkDocumentWriter<C> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BulkDocumentWriter.class);

    /**
     * {@code filter_path} of bulk requests: only what an outcome needs (and what the client requires to parse the
     * response). Parsing the full per-item answer (id, version, shards, seq_no, …) cost more CPU than anything else
     * the writer does per document.
     */
    static final String RESPONSE_FIELDS = "took,errors,items.*._index,items.*.status,items.*.error";

    private final BulkIngester<C> ingester;

    /**
     * @param outcomes called on the ingester's threads, once per submitted document and request; must be thread-safe
     */
    public BulkDocumentWriter(ElasticsearchClient client, HotWriterProperties.Bulk settings,
                              ElasticsearchErrorClassifier classifier, HotStoreCircuit circuit, Outcomes<C> outcomes,
                              MeterRegistry registry) {
        Listener<C> listener = new Listener<>(classifier, circuit, outcomes, registry);
        ElasticsearchClient lean = client.withTransportOptions(o -> o.setParameter("filter_path", RESPONSE_FIELDS));
        this.ingester = BulkIngester.of(b -> b
                .client(lean)
                .maxOperations(settings.maxOperations())
                .maxSize(settings.maxBytes().toBytes())
                .maxConcurrentRequests(settings.maxConcurrentRequests())
                .flushInterval(settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS)
                .listener(listener));
    }

    /**
     * Queues one index operation ({@code _id} = the document id, so a re-send overwrites). Blocks while the current
     * request is full and {@code max-concurrent-requests} are in flight.
     */
    public void submit(IndexAction action, C context) {
        BinaryData source = BinaryData.of(action.document(), ContentType.APPLICATION_JSON);
        ingester.add(BulkOperation.of(op -> op.index(idx -> idx.index(action.index()).id(action.id()).document(source))),
                context);
    }

    /**
     * Queues one create operation: stored only when no document has this {@code _id} yet; otherwise the item fails
     * with 409 {@code version_conflict_engine_exception}, reported to {@link Outcomes#rejected}. Used by rehydrate,
     * which must never overwrite what the live path wrote.
     */
    public void submitCreate(IndexAction action, C context) {
        BinaryData source = BinaryData.of(action.document(), ContentType.APPLICATION_JSON);
        ingester.add(BulkOperation.of(op -> op.create(c -> c.index(action.index()).id(action.id()).document(source))),
                context);
    }

    /** Sends what is buffered and waits for every request in flight and its outcomes. */
    @Override
    public void close() {
        ingester.close();
    }

    /** Where the writer reports each document's fate. */
    public interface Outcomes<C> {

        /** Elasticsearch stored the document in {@code index}. */
        void stored(C context, String index);

        /** Elasticsearch refused the document for good: dead-letter it. */
        void rejected(C context, DocumentRejection rejection);

        /** Not stored for a reason that is not the document's: re-submit it later. */
        void failed(C context, RetryCause cause, String description);
    }

    /** Turns bulk responses into per-document outcomes, metrics and circuit-breaker results. */
    private static final class Listener<C> implements BulkListener<C> {

        private final ElasticsearchErrorClassifier classifier;
        private final HotStoreCircuit circuit;
        private final Outcomes<C> outcomes;
        private final Map<Long, Long> startNanos = new ConcurrentHashMap<>();
        private final Timer succeeded;
        private final Timer failed;
        private final DistributionSummary documents;
        private final DistributionSummary bytes;

        Listener(ElasticsearchErrorClassifier classifier, HotStoreCircuit circuit, Outcomes<C> outcomes,
                 MeterRegistry registry) {
            this.classifier = classifier;
            this.circuit = circuit;
            this.outcomes = outcomes;
            this.succeeded = bulkTimer(registry, "success");
            this.failed = bulkTimer(registry, "failure");
            this.documents = DistributionSummary.builder(MetricNames.HOT_BULK_DOCUMENTS)
                    .description("Documents per bulk request").register(registry);
            this.bytes = DistributionSummary.builder(MetricNames.HOT_BULK_BYTES).baseUnit("bytes")
                    .description("Document bytes per bulk request").register(registry);
        }

        @Override
        public void beforeBulk(long executionId, BulkRequest request, List<C> contexts) {
            startNanos.put(executionId, System.nanoTime());
            documents.record(contexts.size());
            long size = 0;
            for (BulkOperation operation : request.operations()) {
                if (operation.isIndex() && operation.index().document() instanceof BinaryData data) {
                    size += data.size();
                }
            }
            bytes.record(size);
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<C> contexts, BulkResponse response) {
            Duration took = took(executionId);
            succeeded.record(took);
            List<BulkResponseItem> items = response.items();
            if (items.size() != contexts.size()) {
                // Never seen; without the item ↔ operation correspondence nothing can be acknowledged.
                failedRequest(contexts, took, new StoreUnavailableException("bulk response has " + items.size()
                        + " items for " + contexts.size() + " operations"));
                return;
            }
            String serverError = null;
            int retried = 0;
            for (int i = 0; i < items.size(); i++) {
                BulkResponseItem item = items.get(i);
                ErrorCause error = item.error();
                if (error == null) {
                    outcomes.stored(contexts.get(i), item.index());
                    continue;
                }
                ErrorClass verdict = classifier.classifyItem(item.status());
                if (verdict == ErrorClass.DOCUMENT_REJECTED) {
                    outcomes.rejected(contexts.get(i), new DocumentRejection(item.status(), error.type(), reason(error)));
                    continue;
                }
                String description = "status " + item.status() + " " + error.type();
                if (item.status() >= 500) {
                    serverError = description;
                }
                retried++;
                outcomes.failed(contexts.get(i), RetryCause.ofItem(item.status(), verdict), description);
            }
            if (serverError != null) {
                circuit.recordFailure(took, new StoreUnavailableException(serverError));
            } else {
                circuit.recordSuccess(took);
            }
            log.debug("bulk #{}: {} documents in {} ms, {} to re-send", executionId, items.size(), took.toMillis(),
                    retried);
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<C> contexts, Throwable failure) {
            Duration took = took(executionId);
            failed.record(took);
            failedRequest(contexts, took, failure);
        }

        private void failedRequest(List<C> contexts, Duration took, Throwable failure) {
            ErrorClass verdict = classifier.classifyRequest(failure);
            RetryCause cause = RetryCause.ofRequest(failure, verdict);
            String description = describe(failure);
            if (cause != RetryCause.TOO_MANY_REQUESTS) {
                // A 429 is the cluster pacing us, not failing: backoff handles it, the circuit stays out of it.
                circuit.recordFailure(took, failure);
            }
            if (verdict == ErrorClass.NEEDS_OPERATOR) {
                log.error("bulk request of {} documents failed ({}); this will not heal by itself: check the "
                        + "Elasticsearch credentials, privileges and settings. The documents are re-sent with backoff",
                        contexts.size(), description);
            } else {
                log.warn("bulk request of {} documents failed ({}); re-sending with backoff", contexts.size(),
                        description);
            }
            for (C context : contexts) {
                outcomes.failed(context, cause, description);
            }
        }

        private Duration took(long executionId) {
            Long start = startNanos.remove(executionId);
            return start == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - start);
        }

        /** Elasticsearch's reason plus its first cause: "failed to parse field [published] … (caused by: …)". */
        private static String reason(ErrorCause error) {
            String reason = error.reason() == null ? "" : error.reason();
            ErrorCause cause = error.causedBy();
            return cause == null ? reason : reason + " (caused by " + cause.type() + ": " + cause.reason() + ")";
        }

        /** Safe to log: the status and error type, or an I/O message (host and port, never payloads or secrets). */
        private static String describe(Throwable e) {
            if (e instanceof ElasticsearchException ee) {
                return "status " + ee.status() + " " + (ee.error() == null ? "" : ee.error().type());
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getClass().getSimpleName() + ": " + root.getMessage();
        }

        private static Timer bulkTimer(MeterRegistry registry, String result) {
            return Timer.builder(MetricNames.HOT_BULK_DURATION)
                    .description("Duration of one bulk request to Elasticsearch")
                    .tag(MetricNames.TAG_RESULT, result)
                    .publishPercentileHistogram()
                    .register(registry);
        }
    }
}
