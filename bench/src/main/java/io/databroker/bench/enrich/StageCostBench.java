package io.databroker.bench.enrich;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;

import io.databroker.enrich.join.DocumentEnricher;
import io.databroker.enrich.join.DomainStats;
import io.databroker.enrich.join.JoinLookups;
import io.databroker.enrich.join.PaperSummary;
import io.databroker.enrich.normalize.ArxivNormalizer;
import io.databroker.enrich.normalize.DnsNormalizer;
import io.databroker.enrich.normalize.DocumentNormalizer;
import io.databroker.enrich.normalize.GithubNormalizer;
import io.databroker.enrich.normalize.NewsNormalizer;
import io.databroker.enrich.normalize.NormalizedDocument;
import io.databroker.enrich.reference.ArxivCategories;
import io.databroker.enrich.validate.JsonSchemas;
import io.databroker.enrich.validate.RawRecordValidator;
import io.databroker.enrich.validate.ValidatedRecord;
import io.databroker.shared.deadletter.RecordRejectedException;
import io.databroker.shared.json.Json;
import io.databroker.shared.topic.Source;

/**
 * Where the enrichment topology's CPU goes, without Kafka: microseconds per record of each stage (validate,
 * normalize, extract + join, serialize) over the benchmark's mixed input, single-threaded, after a warm-up.
 * {@code bench/run enrich.StageCostBench [records]}. Prints a breakdown, not a BENCHMARKS.md row.
 */
public final class StageCostBench {

    /** Parsed once: the stub lookup must not charge a timestamp parse to extract + join. */
    private static final Instant FIRST_SEEN = Instant.parse("2025-01-01T00:00:00Z");

    private StageCostBench() {
    }

    public static void main(String[] args) {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        JsonSchemas schemas = new JsonSchemas();
        Map<Source, RawRecordValidator> validators = new EnumMap<>(Source.class);
        Map<Source, DocumentNormalizer> normalizers = new EnumMap<>(Source.class);
        Map<Source, DocumentEnricher> enrichers = new EnumMap<>(Source.class);
        for (Source source : Source.values()) {
            validators.put(source, new RawRecordValidator(schemas.forSource(source), 1 << 20));
            enrichers.put(source, new DocumentEnricher(source));
        }
        normalizers.put(Source.ARXIV, new ArxivNormalizer(ArxivCategories.load()));
        normalizers.put(Source.GITHUB, new GithubNormalizer());
        normalizers.put(Source.NEWS, new NewsNormalizer());
        normalizers.put(Source.DNS, new DnsNormalizer());
        JoinLookups lookups = new JoinLookups() {
            @Override
            public PaperSummary paper(String arxivId) {
                return arxivId.hashCode() % 2 == 0 ? new PaperSummary(arxivId, 1, "A paper", "cs.LG", false) : null;
            }

            @Override
            public DomainStats domain(String registrableDomain) {
                return DomainStats.observed(registrableDomain, FIRST_SEEN, List.of("192.0.2.1"));
            }
        };
        MixedInput input = new MixedInput(Instant.now());
        List<MixedInput.Raw> raws = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            raws.add(input.record(i));
        }
        for (int round = 0; round < 3; round++) {
            long validate = 0;
            long normalize = 0;
            long enrich = 0;
            long serialize = 0;
            long bytes = 0;
            Instant now = Instant.now();
            for (MixedInput.Raw raw : raws) {
                long t0 = System.nanoTime();
                ValidatedRecord record;
                try {
                    record = validators.get(raw.source()).validate(raw.value(), new RecordHeaders(), now);
                } catch (RecordRejectedException e) {
                    validate += System.nanoTime() - t0;
                    continue;
                }
                long t1 = System.nanoTime();
                NormalizedDocument doc = normalizers.get(raw.source()).normalize(record, now);
                long t2 = System.nanoTime();
                enrichers.get(raw.source()).enrich(doc, lookups);
                long t3 = System.nanoTime();
                bytes += Json.mapper().writeValueAsBytes(doc.document()).length;
                long t4 = System.nanoTime();
                validate += t1 - t0;
                normalize += t2 - t1;
                enrich += t3 - t2;
                serialize += t4 - t3;
            }
            double n = records * 1e3; // ns → µs per record
            System.out.printf(Locale.ROOT, "round %d: validate %.1f µs, normalize %.1f µs, extract+join %.1f µs, serialize %.1f µs"
                            + " = %.1f µs per record; %.0f bytes per document%n", round, validate / n, normalize / n,
                    enrich / n, serialize / n, (validate + normalize + enrich + serialize) / n, bytes / (double) records);
        }
    }
}
