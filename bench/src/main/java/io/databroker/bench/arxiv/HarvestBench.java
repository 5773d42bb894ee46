package io.databroker.bench.arxiv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import io.databroker.bench.Result;
import io.databroker.ingest.arxiv.oaipmh.ListRecordsParser;
import io.databroker.ingest.arxiv.oaipmh.OaiPmhHarvester;
import io.databroker.ingest.arxiv.oaipmh.OaiRecord;
import io.databroker.ingest.arxiv.publish.ArxivRecord;
import io.databroker.ingest.arxiv.publish.ArxivRecordMapper;
import io.databroker.ingest.core.http.FetchSettings;
import io.databroker.ingest.core.http.HttpFetcher;
import io.databroker.ingest.core.metrics.IngestMetrics;
import io.databroker.ingest.core.poll.PollOutcome;
import io.databroker.ingest.core.publish.TransactionalPublisher;
import io.databroker.ingest.core.state.IngestStateReader;
import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;
import io.databroker.testsupport.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Records/s of ingest-arxiv harvesting a large multi-page arXivRaw list served locally (HTTP fetch, StAX parse,
 * mapping, JSON, transactional publish with one cursor per page on a real in-process broker), against the bare StAX
 * parse of the same bytes measured in the same run. {@code bench/run arxiv.HarvestBench [pages] [recordsPerPage]}.
 */
public final class HarvestBench {

    private static final String XML = "text/xml; charset=utf-8";
    private static final LocalDate FROM = LocalDate.of(2024, 1, 1);

    private HarvestBench() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int perPage = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        byte[][] list = ListGenerator.pages(pages, perPage);
        long bytes = 0;
        for (byte[] page : list) {
            bytes += page.length;
        }
        long records = (long) pages * perPage;
        System.out.printf("arXivRaw list: %d pages x %d records, %.1f MB%n", pages, perPage, bytes / 1e6);

        KafkaBroker broker = KafkaBroker.shared();
        try (FixtureHttpServer http = FixtureHttpServer.start()) {
            // Warm-up: the JIT compiles parser, mapper and client paths before anything is timed.
            bareStax(list);
            harvest(broker, http, ListGenerator.pages(Math.min(pages, 5), perPage), "warmup");
            parseAndMap(list);

            double baseline = records / seconds(() -> bareStax(list));
            double parseMap = records / seconds(() -> parseAndMap(list));
            double measured = records / seconds(() -> harvest(broker, http, list, "run"));
            System.out.printf("parse + map + JSON without HTTP and Kafka: %,.0f records/s (%.0f %% of bare StAX)%n",
                    parseMap, 100 * parseMap / baseline);
            new Result("ingest-arxiv harvest: " + pages + " arXivRaw pages x " + perPage
                    + " records over local HTTP, parsed, mapped and published in one transaction per page",
                    "records/s", measured, "bare StAX parse of the same bytes", baseline, Double.NaN,
                    "bench/run arxiv.HarvestBench " + pages + " " + perPage).print();
        }
        System.exit(0);
    }

    /** Counts records with a plain StAX pass over every event: the floor any StAX harvester stands on. */
    static long bareStax(byte[][] list) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        long count = 0;
        for (byte[] page : list) {
            XMLStreamReader xml = factory.createXMLStreamReader(new ByteArrayInputStream(page));
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && "record".equals(xml.getLocalName())) {
                    count++;
                }
            }
            xml.close();
        }
        return count;
    }

    /** Our parser, mapper and JSON serialisation, without HTTP and Kafka: shows where the time goes. */
    static long parseAndMap(byte[][] list) throws IOException {
        ListRecordsParser parser = new ListRecordsParser();
        ArxivRecordMapper mapper = new ArxivRecordMapper();
        long[] bytes = {0};
        Instant now = Instant.now();
        for (byte[] page : list) {
            parser.parse(new ByteArrayInputStream(page), (OaiRecord record) -> {
                for (ArxivRecord r : mapper.map(record, now).records()) {
                    bytes[0] += r.toJson().length;
                }
            });
        }
        return bytes[0];
    }

    /** The whole harvester, as the service runs it, over a fresh topic pair; returns the pages harvested. */
    static long harvest(KafkaBroker broker, FixtureHttpServer http, byte[][] list, String label) throws Exception {
        String suffix = "-" + label + "-" + UUID.randomUUID();
        String topic = "arxiv_raw" + suffix;
        String stateTopic = "broker_ingest_state" + suffix;
        broker.createTopic(topic, 8);
        broker.createTopic(stateTopic, 1, Map.of("cleanup.policy", "compact"));
        String path = "/oai" + suffix;
        http.respond(path + "?verb=ListRecords&metadataPrefix=arXivRaw&from=" + FROM, Response.ok(XML, list[0]));
        for (int i = 1; i < list.length; i++) {
            http.respond(path + "?verb=ListRecords&resumptionToken=bench%7C" + i, Response.ok(XML, list[i]));
        }
        Clock clock = Clock.systemUTC();
        IngestMetrics metrics = new IngestMetrics("arxiv", new SimpleMeterRegistry(), clock);
        FetchSettings fetch = new FetchSettings(Duration.ofSeconds(5), Duration.ofMinutes(2), 256L << 20,
                "data-broker-bench", Duration.ZERO, 3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));
        try (TransactionalPublisher publisher = TransactionalPublisher.forKafka(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), "bench" + suffix, stateTopic)) {
            OaiPmhHarvester harvester = new OaiPmhHarvester(
                    new OaiPmhHarvester.Settings(URI.create(http.url(path)), "arXivRaw", List.of(), FROM, topic),
                    new HttpFetcher(fetch, clock, metrics), new ListRecordsParser(), new ArxivRecordMapper(), publisher,
                    IngestStateReader.forKafka(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                            stateTopic, Duration.ofSeconds(30)), metrics, clock);
            harvester.start();
            for (int i = 0; i < list.length; i++) {
                PollOutcome outcome = harvester.poll();
                boolean last = i == list.length - 1;
                if (last != (outcome.nextPollIn() == null)) {
                    throw new IllegalStateException("page " + i + ": unexpected outcome " + outcome);
                }
            }
        }
        return list.length;
    }

    /** Seconds one run of {@code work} takes. */
    private static double seconds(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    @FunctionalInterface
    private interface Work {
        Object run() throws Exception;
    }
}
