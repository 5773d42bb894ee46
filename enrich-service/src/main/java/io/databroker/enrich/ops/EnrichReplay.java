package io.databroker.enrich.ops;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.enrich.join.DocumentEnricher;
import io.databroker.enrich.join.JoinLookups;
import io.databroker.enrich.normalize.ArxivNormalizer;
import io.databroker.enrich.normalize.DnsNormalizer;
import io.databroker.enrich.normalize.DocumentNormalizer;
import io.databroker.enrich.normalize.GithubNormalizer;
import io.databroker.enrich.normalize.NewsNormalizer;
import io.databroker.enrich.normalize.NormalizedDocument;
import io.databroker.enrich.reference.ArxivCategories;
import io.databroker.enrich.topology.EnrichedValue;
import io.databroker.enrich.validate.JsonSchemas;
import io.databroker.enrich.validate.RawRecordValidator;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.envelope.CloudEventHeaders;
import io.databroker.shared.ops.Job;
import io.databroker.shared.ops.RangeBound;
import io.databroker.shared.ops.ReplayRequest;
import io.databroker.shared.ops.TopicRange;
import io.databroker.shared.ops.TopicRangeReader;
import io.databroker.shared.topic.Source;

/**
 * Replay of the enrichment: re-runs validate → normalize → enrich (the topology's own classes, with the live
 * instance's join stores) over a range of a raw topic and emits, transactionally, to {@code <source>_enriched} the
 * documents whose id is <em>not</em> on that topic yet.
 *
 * <p>Why not through the live topology: its dedupe store would drop every re-sent id seen within the window (7 days,
 * the raw topics' retention), so a replay through it would do nothing; and bypassing dedupe entirely would re-emit
 * ids both writers already hold, which the cold store would append again. So replay does its own dedupe, against
 * the enriched topic itself: first the ids the range produces, then a pass over the enriched topic from the range's
 * first timestamp (an enriched record keeps its raw record's timestamp) removes those already emitted, then the rest
 * is emitted. That fills gaps (records dead-lettered by a since-fixed bug, lost output) and makes a second replay,
 * or a restart after a crash (emitted ids are then on the topic), emit nothing new. It never re-emits a changed
 * version of an existing id; the live dedupe store is neither read nor updated.
 */
public final class EnrichReplay {

    private static final Logger log = LoggerFactory.getLogger(EnrichReplay.class);

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Supplier<Producer<String, byte[]>> producers;
    private final Map<Source, String> rawTopics;
    private final Map<Source, String> enrichedTopics;
    private final long maxRecordBytes;
    private final long maxDocumentBytes;
    private final Supplier<JoinLookups> lookups;
    private final Clock clock;

    /**
     * @param producers transactional producers (one per job; {@code initTransactions} is called here)
     * @param lookups   the live join stores; a lookup that answers null counts as a join miss
     */
    public EnrichReplay(Supplier<Consumer<byte[], byte[]>> consumers, Supplier<Producer<String, byte[]>> producers,
                        Map<Source, String> rawTopics, Map<Source, String> enrichedTopics, long maxRecordBytes,
                        long maxDocumentBytes, Supplier<JoinLookups> lookups, Clock clock) {
        this.consumers = consumers;
        this.producers = producers;
        this.rawTopics = rawTopics;
        this.enrichedTopics = enrichedTopics;
        this.maxRecordBytes = maxRecordBytes;
        this.maxDocumentBytes = maxDocumentBytes;
        this.lookups = lookups;
        this.clock = clock;
    }

    /**
     * @param emitted   documents sent to the enriched topic
     * @param present   ids already on the enriched topic
     * @param rejected  records the validation or normalization still refuses (dead-lettered by the live path)
     */
    public record Result(long emitted, long present, long rejected) {
    }

    public Result run(Job job, ReplayRequest request) {
        Source source = request.sourceValue();
        Chain chain = new Chain(source);
        Set<String> candidates = new HashSet<>();
        long[] rejected = {0};
        long[] firstTimestamp = {Long.MAX_VALUE};
        TopicRange range;
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            range = TopicRange.resolve(consumer, rawTopics.get(source), request.from(), request.to());
            job.total(2 * range.size());
            TopicRangeReader.read(consumer, range, job, records -> records.forEach(record -> {
                NormalizedDocument document = chain.normalize(record);
                if (document == null) {
                    rejected[0]++;
                } else {
                    candidates.add(document.id());
                    firstTimestamp[0] = Math.min(firstTimestamp[0], record.timestamp());
                }
            }));
        }
        int produced = candidates.size();
        if (!candidates.isEmpty()) {
            removeEmitted(enrichedTopics.get(source), Instant.ofEpochMilli(firstTimestamp[0]), candidates);
        }
        long present = produced - candidates.size();
        log.info("replaying {}: {} ids in the range, {} already on {}, {} to emit, {} refused", range.topic(),
                produced, present, enrichedTopics.get(source), candidates.size(), rejected[0]);
        long emitted = candidates.isEmpty() ? 0 : emit(job, source, chain, range, candidates);
        return new Result(emitted, present, rejected[0]);
    }

    /** Removes from {@code ids} the keys found on the enriched topic from {@code from} on. */
    private void removeEmitted(String enrichedTopic, Instant from, Set<String> ids) {
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            TopicRange emitted = TopicRange.resolve(consumer, enrichedTopic, RangeBound.at(from), null);
            TopicRangeReader.read(consumer, emitted, null, records -> records.forEach(record -> {
                if (record.key() != null) {
                    ids.remove(new String(record.key(), StandardCharsets.UTF_8));
                }
            }));
        }
    }

    private long emit(Job job, Source source, Chain chain, TopicRange range, Set<String> pending) {
        long[] emitted = {0};
        JoinLookups joins = lookups.get();
        try (Consumer<byte[], byte[]> consumer = consumers.get();
             Producer<String, byte[]> producer = producers.get()) {
            producer.initTransactions();
            TopicRangeReader.read(consumer, range, job, records -> {
                producer.beginTransaction();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    NormalizedDocument document = chain.normalize(record);
                    if (document == null || !pending.remove(document.id())) {
                        continue;
                    }
                    chain.enricher.enrich(document, joins);
                    byte[] value;
                    try {
                        value = EnrichedValue.of(document, maxDocumentBytes);
                    } catch (RecordRejectedException e) {
                        continue; // the live path dead-lettered it as oversized
                    }
                    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
                    CloudEventHeaders.write(document.envelope(), headers);
                    producer.send(new ProducerRecord<>(enrichedTopics.get(source), null, record.timestamp(),
                            document.id(), value, headers));
                    emitted[0]++;
                }
                producer.commitTransaction();
            });
        }
        return emitted[0];
    }

    /** The topology's validate and normalize steps for one source, and its enricher. */
    private final class Chain {

        private final RawRecordValidator validator;
        private final DocumentNormalizer normalizer;
        private final DocumentEnricher enricher;

        Chain(Source source) {
            this.validator = new RawRecordValidator(new JsonSchemas().forSource(source), maxRecordBytes);
            this.normalizer = switch (source) {
                case ARXIV -> new ArxivNormalizer(ArxivCategories.load());
                case GITHUB -> new GithubNormalizer();
                case NEWS -> new NewsNormalizer();
                case DNS -> new DnsNormalizer();
            };
            this.enricher = new DocumentEnricher(source);
        }

        /** The normalized document, or null when the live path would dead-letter the record. */
        NormalizedDocument normalize(ConsumerRecord<byte[], byte[]> record) {
            try {
                return normalizer.normalize(validator.validate(record.value(), record.headers(),
                        Instant.ofEpochMilli(record.timestamp())), clock.instant());
            } catch (RecordRejectedException e) {
                return null;
            }
        }
    }
}
