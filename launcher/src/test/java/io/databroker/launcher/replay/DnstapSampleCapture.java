package io.databroker.launcher.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the bundled DNS sample, {@code samples/dns/resolver-clients.dnstap}: what a recursive resolver (unbound)
 * logs with {@code dnstap-log-client-query-messages} and {@code -response-messages} for six client exchanges,
 * as a unidirectional Frame Streams capture. Names and addresses are from the documentation ranges (RFC 2606,
 * RFC 5737, RFC 3849). {@code BundledSamplesTest} checks the committed file is exactly this; to change the sample,
 * edit {@link #build()} and run {@code main} with the file path.
 */
final class DnstapSampleCapture {

    static final Instant FIRST_QUERY = Instant.parse("2026-01-01T12:00:00Z");
    static final int EXCHANGES = 6;

    private static final int TYPE_A = 1;
    private static final int TYPE_MX = 15;
    private static final int TYPE_AAAA = 28;
    private static final int RCODE_NXDOMAIN = 3;

    private DnstapSampleCapture() {
    }

    public static void main(String[] args) throws IOException {
        Files.write(Path.of(args[0]), build());
    }

    static byte[] build() {
        List<byte[]> frames = new ArrayList<>();
        Exchange[] exchanges = {
            new Exchange("10.20.30.41", 53001, 0x1a2b, "www.example.org", TYPE_A, 0,
                    List.of(a("192.0.2.10"), a("192.0.2.11")), 18),
            new Exchange("10.20.30.41", 53002, 0x1a2c, "www.example.org", TYPE_AAAA, 0,
                    List.of(address("2001:db8::10")), 9),
            new Exchange("10.20.30.77", 41877, 0x7c01, "blog.example.net", TYPE_A, 0,
                    List.of(a("198.51.100.7")), 34),
            new Exchange("2001:db8:100::25", 50400, 0x0915, "blog.example.net", TYPE_AAAA, 0,
                    List.of(address("2001:db8::7")), 27),
            new Exchange("10.20.30.77", 41901, 0x7c02, "example.com", TYPE_MX, 0,
                    List.of(mx(10, "mail.example.com")), 41),
            new Exchange("10.20.31.9", 60113, 0x5e5e, "x7qk2vz9d1.example.com", TYPE_A, RCODE_NXDOMAIN, List.of(), 52),
        };
        for (int i = 0; i < exchanges.length; i++) {
            Exchange exchange = exchanges[i];
            long querySecond = FIRST_QUERY.getEpochSecond() + 7L * i;
            int queryNanos = 125_000_000 + 1_000_000 * i;
            int responseNanos = queryNanos + exchange.latencyMillis * 1_000_000;
            byte[] query = dnsQuery(exchange);
            byte[] response = dnsResponse(exchange);
            frames.add(dnstap(message(5, exchange, querySecond, queryNanos, query, null, 0, 0)));
            frames.add(dnstap(message(6, exchange, querySecond, queryNanos, null, response, querySecond, responseNanos)));
        }
        return new FrameStreamsFile(DnstapCaptureRetimer.DNSTAP_CONTENT_TYPE, frames).toBytes();
    }

    /** One client query and its answer; {@code answers} are RDATA in wire format. */
    private record Exchange(String client, int clientPort, int dnsId, String qname, int qtype, int rcode,
                            List<byte[]> answers, int latencyMillis) {
    }

    private static byte[] dnstap(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ProtobufFields.lenField(1, "resolver-1.example.net".getBytes(StandardCharsets.US_ASCII)));
        out.writeBytes(ProtobufFields.lenField(2, "unbound 1.17.1".getBytes(StandardCharsets.US_ASCII)));
        out.writeBytes(ProtobufFields.lenField(14, message));
        out.writeBytes(ProtobufFields.varintField(15, 1));
        return out.toByteArray();
    }

    /** A dnstap Message of type 5 (CLIENT_QUERY) or 6 (CLIENT_RESPONSE). */
    private static byte[] message(int type, Exchange exchange, long querySecond, int queryNanos, byte[] query,
                                  byte[] response, long responseSecond, int responseNanos) {
        byte[] client = address(exchange.client);
        boolean inet6 = client.length == 16;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ProtobufFields.varintField(1, type));
        out.writeBytes(ProtobufFields.varintField(2, inet6 ? 2 : 1));
        out.writeBytes(ProtobufFields.varintField(3, 1));
        out.writeBytes(ProtobufFields.lenField(4, client));
        out.writeBytes(ProtobufFields.lenField(5, address(inet6 ? "2001:db8:53::1" : "10.20.0.53")));
        out.writeBytes(ProtobufFields.varintField(6, exchange.clientPort));
        out.writeBytes(ProtobufFields.varintField(7, 53));
        out.writeBytes(ProtobufFields.varintField(8, querySecond));
        out.writeBytes(ProtobufFields.fixed32Field(9, queryNanos));
        if (query != null) {
            out.writeBytes(ProtobufFields.lenField(10, query));
        }
        if (response != null) {
            out.writeBytes(ProtobufFields.varintField(12, responseSecond));
            out.writeBytes(ProtobufFields.fixed32Field(13, responseNanos));
            out.writeBytes(ProtobufFields.lenField(14, response));
        }
        return out.toByteArray();
    }

    /** RFC 1035 §4.1: header with RD, one question. */
    private static byte[] dnsQuery(Exchange exchange) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        header(out, exchange.dnsId, 0x0100, 0, 0);
        question(out, exchange);
        return out.toByteArray();
    }

    /** QR, RD, RA and the rcode; the answers (owner: a pointer to the question name), or the zone's SOA for NXDOMAIN. */
    private static byte[] dnsResponse(Exchange exchange) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean nxdomain = exchange.rcode == RCODE_NXDOMAIN;
        header(out, exchange.dnsId, 0x8180 | exchange.rcode, exchange.answers.size(), nxdomain ? 1 : 0);
        question(out, exchange);
        for (byte[] rdata : exchange.answers) {
            record(out, new byte[] {(byte) 0xc0, 12}, exchange.qtype, 300, rdata);
        }
        if (nxdomain) {
            String zone = exchange.qname.substring(exchange.qname.indexOf('.') + 1);
            ByteArrayOutputStream soa = new ByteArrayOutputStream();
            soa.writeBytes(name("ns1." + zone));
            soa.writeBytes(name("hostmaster." + zone));
            for (int value : new int[] {2026010101, 7200, 3600, 1209600, 3600}) {
                int32(soa, value);
            }
            record(out, name(zone), 6, 3600, soa.toByteArray());
        }
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, int id, int flags, int answers, int authorities) {
        int16(out, id);
        int16(out, flags);
        int16(out, 1);
        int16(out, answers);
        int16(out, authorities);
        int16(out, 0);
    }

    private static void question(ByteArrayOutputStream out, Exchange exchange) {
        out.writeBytes(name(exchange.qname));
        int16(out, exchange.qtype);
        int16(out, 1);
    }

    private static void record(ByteArrayOutputStream out, byte[] owner, int type, int ttl, byte[] rdata) {
        out.writeBytes(owner);
        int16(out, type);
        int16(out, 1);
        int32(out, ttl);
        int16(out, rdata.length);
        out.writeBytes(rdata);
    }

    private static byte[] a(String address) {
        return address(address);
    }

    private static byte[] mx(int preference, String exchange) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int16(out, preference);
        out.writeBytes(name(exchange));
        return out.toByteArray();
    }

    private static byte[] name(String dotted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : dotted.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.write(0);
        return out.toByteArray();
    }

    private static byte[] address(String literal) {
        try {
            // A literal address: no lookup happens.
            return InetAddress.getByName(literal).getAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static void int16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    private static void int32(ByteArrayOutputStream out, int value) {
        int16(out, value >>> 16);
        int16(out, value);
    }
}
