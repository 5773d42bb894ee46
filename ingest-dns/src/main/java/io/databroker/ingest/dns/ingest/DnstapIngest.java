package io.databroker.ingest.dns.ingest;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.dns.dns.MalformedDnsMessageException;
import io.databroker.ingest.dns.dns.MissingQuestionException;
import io.databroker.ingest.dns.dnstap.DnstapDecoder;
import io.databroker.ingest.dns.dnstap.DnstapMessage;
import io.databroker.ingest.dns.dnstap.MalformedDnstapException;
import io.databroker.ingest.dns.dnstap.UnsupportedDnstapPayloadException;
import io.databroker.ingest.dns.pairing.DnsExchange;
import io.databroker.ingest.dns.pairing.QueryResponsePairer;
import io.databroker.ingest.dns.publish.DnsRecordMapper;
import io.databroker.ingest.dns.publish.DnsRecordPublisher;

/**
 * The path of one dnstap data frame, shared by every connection and capture file: decode (dnstap, then DNS) →
 * pair → map → publish. A frame that cannot be decoded is dropped, counted by reason and logged (rate-limited,
 * with where it came from, never its bytes); the stream it came on carries on. Thread-safe.
 */
public final class DnstapIngest {

    private static final Logger log = LoggerFactory.getLogger(DnstapIngest.class);

    private final DnstapDecoder decoder;
    private final QueryResponsePairer pairer;
    private final DnsRecordMapper mapper;
    private final DnsRecordPublisher publisher;
    private final IngestMetrics metrics;
    private final RateLimitedWarning dropWarning = new RateLimitedWarning(log, Duration.ofSeconds(10));

    /** @param pairer null when pairing is off: every message is then published on its own */
    public DnstapIngest(DnstapDecoder decoder, QueryResponsePairer pairer, DnsRecordMapper mapper,
                        DnsRecordPublisher publisher, IngestMetrics metrics) {
        this.decoder = decoder;
        this.pairer = pairer;
        this.mapper = mapper;
        this.publisher = publisher;
        this.metrics = metrics;
        metrics.watch(publisher::inFlight, () -> pairer == null ? 0 : pairer.pendingCount());
    }

    /**
     * Takes one data frame; may block while Kafka is behind (that is the backpressure).
     *
     * @param origin where the frame came from, for logs (the sender's socket or the capture file)
     */
    public void frame(byte[] payload, String origin) throws InterruptedException {
        metrics.frameReceived();
        DnstapMessage message;
        try {
            message = decoder.decode(payload);
        } catch (UnsupportedDnstapPayloadException e) {
            drop(DropReason.UNSUPPORTED_PAYLOAD, origin, e.getMessage());
            return;
        } catch (MalformedDnstapException e) {
            drop(DropReason.MALFORMED_DNSTAP, origin, e.getMessage());
            return;
        } catch (MissingQuestionException e) {
            drop(DropReason.MISSING_QUESTION, origin, e.getMessage());
            return;
        } catch (MalformedDnsMessageException e) {
            drop(DropReason.MALFORMED_DNS, origin, e.getMessage());
            return;
        }
        metrics.frameDecoded();
        if (pairer == null) {
            publish(DnsExchange.of(message));
        } else {
            publish(pairer.offer(message));
        }
    }

    /** Counts (and logs, rate-limited) input dropped before decoding: framing problems found by a connection. */
    public void drop(DropReason reason, String origin, String detail) {
        metrics.dropped(reason);
        dropWarning.warn("dropped dnstap input from {}: reason={} stage={}: {}", origin, reason.tag(), reason.stage(), detail);
    }

    /** Publishes, each alone, the messages that waited for their counterpart longer than the pairing timeout. */
    public void expirePending() throws InterruptedException {
        if (pairer != null) {
            publish(pairer.expire());
        }
    }

    /** Publishes everything still waiting for a counterpart and waits until Kafka has acknowledged all records. */
    public void flush() throws InterruptedException {
        if (pairer != null) {
            publish(pairer.drain());
        }
        publisher.flush();
    }

    private void publish(List<DnsExchange> exchanges) throws InterruptedException {
        for (DnsExchange exchange : exchanges) {
            publish(exchange);
        }
    }

    private void publish(DnsExchange exchange) throws InterruptedException {
        metrics.paired(exchange.result());
        publisher.publish(mapper.map(exchange));
    }
}
