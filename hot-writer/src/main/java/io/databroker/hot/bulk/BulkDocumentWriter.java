package io.databroker.hot.bulk;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.databroker.shared.metrics.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Sends index actions as bulk requests and does not return before each document is either stored or rejected for
 * good (flink-connector-elasticsearch's writer: acknowledge nothing that is not stored). Response item <i>i</i>
 * answers request action <i>i</i>; per item, {@link ElasticsearchErrorClassifier} decides: rejected documents are
 * returned for dead-lettering, everything else is re-sent, alone, with exponential backoff, until it succeeds or the
 * service stops. Writes are idempotent (explicit {@code _id}), so re-sending is always safe.
 *
 * <p>This class is the only one that talks bulk: replacing it with the client's BulkIngester (and a circuit breaker)
 * changes nothing else.
 */
public final class BulkDocumentWriter {

    private static final Logger log = LoggerFactory.getLogger(BulkDocumentWriter.class);

    /** Rough size of one action line ({@code {"index":{"_index":…,"_id":…}}}) for request sizing. */
    private static final int ACTION_LINE_BYTES = 160;

    private final ElasticsearchClient client;
    private final long maxRequestBytes;
    private final ElasticsearchErrorClassifier classifier;
    private final Backoff backoff;
    private final StopSignal stop;
    private final Timer succeeded;
    private final Timer failed;

    /**
     * @param maxRequestBytes documents' bytes per bulk request; a larger batch is split (one oversized document
     *                        still goes alone)
     */
    public BulkDocumentWriter(ElasticsearchClient client, long maxRequestBytes, ElasticsearchErrorClassifier classifier,
                              Backoff backoff, StopSignal stop, MeterRegistry registry) {
        this.client = client;
        this.maxRequestBytes = maxRequestBytes;
        this.classifier = classifier;
        this.backoff = backoff;
        this.stop = stop;
        this.succeeded = bulkTimer(registry, "success");
        this.failed = bulkTimer(registry, "failure");
    }

    /**
     * Writes {@code actions}; blocks through retries.
     *
     * @throws WriteAbortedException when the service stops before every document is stored or rejected
     */
    public BulkWriteResult write(List<IndexAction> actions) {
        List<DocumentRejection> rejections = new ArrayList<>();
        List<Integer> pending = IntStream.range(0, actions.size()).boxed().toList();
        int requests = 0;
        int retries = 0;
        while (!pending.isEmpty()) {
            Round round = new Round();
            for (List<Integer> chunk : chunks(actions, pending)) {
                requests++;
                send(actions, chunk, round, rejections);
            }
            pending = round.retry;
            if (!pending.isEmpty()) {
                retries++;
                waitBeforeRetry(retries, pending.size(), actions.size(), round);
            }
        }
        rejections.sort(Comparator.comparingInt(DocumentRejection::position));
        return new BulkWriteResult(rejections, requests, retries);
    }

    private void send(List<IndexAction> actions, List<Integer> chunk, Round round, List<DocumentRejection> rejections) {
        BulkRequest.Builder request = new BulkRequest.Builder();
        for (int position : chunk) {
            IndexAction action = actions.get(position);
            BinaryData source = BinaryData.of(action.document(), ContentType.APPLICATION_JSON);
            request.operations(op -> op.index(idx -> idx.index(action.index()).id(action.id()).document(source)));
        }
        long start = System.nanoTime();
        BulkResponse response;
        try {
            response = client.bulk(request.build());
        } catch (IOException | ElasticsearchException e) {
            failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            round.failed(chunk, classifier.classifyRequest(e), describe(e));
            return;
        }
        succeeded.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (!response.errors()) {
            return;
        }
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            ErrorCause error = item.error();
            if (error == null) {
                continue;
            }
            int position = chunk.get(i);
            ErrorClass verdict = classifier.classifyItem(item.status());
            if (verdict == ErrorClass.DOCUMENT_REJECTED) {
                rejections.add(new DocumentRejection(position, item.status(), error.type(), reason(error)));
            } else {
                round.failed(List.of(position), verdict, "status " + item.status() + " " + error.type());
            }
        }
    }

    private void waitBeforeRetry(int retry, int pending, int total, Round round) {
        Duration delay = backoff.delay(retry);
        if (round.needsOperator) {
            log.error("{} of {} documents not stored ({}); this will not heal by itself: check the Elasticsearch "
                    + "credentials, privileges and settings. Retry {} in {} ms", pending, total, round.cause, retry,
                    delay.toMillis());
        } else {
            log.warn("{} of {} documents not stored yet ({}); retry {} in {} ms", pending, total, round.cause, retry,
                    delay.toMillis());
        }
        if (!stop.pause(delay)) {
            throw new WriteAbortedException("stopped while " + pending + " documents were waiting for a retry");
        }
    }

    /** Splits {@code positions} into requests of at most {@link #maxRequestBytes} document bytes. */
    private List<List<Integer>> chunks(List<IndexAction> actions, List<Integer> positions) {
        List<List<Integer>> chunks = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long bytes = 0;
        for (int position : positions) {
            long size = actions.get(position).document().length + ACTION_LINE_BYTES;
            if (!current.isEmpty() && bytes + size > maxRequestBytes) {
                chunks.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(position);
            bytes += size;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /** Elasticsearch's reason plus its first cause: "failed to parse field [published] … (caused by: …)". */
    private static String reason(ErrorCause error) {
        String reason = error.reason() == null ? "" : error.reason();
        ErrorCause cause = error.causedBy();
        return cause == null ? reason : reason + " (caused by " + cause.type() + ": " + cause.reason() + ")";
    }

    /** Safe to log: the status and exception type, and I/O messages (host and port, never payloads or secrets). */
    private static String describe(Throwable e) {
        if (e instanceof ElasticsearchException ee) {
            return "status " + ee.status() + " " + (ee.error() == null ? "" : ee.error().type());
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static Timer bulkTimer(MeterRegistry registry, String result) {
        return Timer.builder(MetricNames.HOT_BULK_DURATION)
                .description("Duration of one bulk request to Elasticsearch")
                .tag(MetricNames.TAG_RESULT, result)
                .publishPercentileHistogram()
                .register(registry);
    }

    /** What one pass over the pending documents left to retry. */
    private static final class Round {
        private final List<Integer> retry = new ArrayList<>();
        private boolean needsOperator;
        private String cause;

        void failed(List<Integer> positions, ErrorClass verdict, String description) {
            retry.addAll(positions);
            needsOperator |= verdict == ErrorClass.NEEDS_OPERATOR;
            cause = description;
        }
    }
}
