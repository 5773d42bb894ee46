package io.databroker.ingest.dns.dnstap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import io.databroker.ingest.dns.dns.DnsMessage;
import io.databroker.ingest.dns.dns.DnsWireDecoder;
import io.databroker.ingest.dns.dnstap.proto.DnstapProtos;

/**
 * Decodes one Frame Streams data frame of content type {@code protobuf:dnstap.Dnstap} (the schema in
 * src/main/proto/dnstap.proto) and the wire-format DNS messages inside it. Stateless and thread-safe.
 */
public final class DnstapDecoder {

    /** 9999-12-31T23:59:59Z: later instants have no RFC 3339 form. */
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private final DnsWireDecoder dnsDecoder;

    public DnstapDecoder(DnsWireDecoder dnsDecoder) {
        this.dnsDecoder = dnsDecoder;
    }

    /**
     * @throws MalformedDnstapException               when the frame is not a dnstap message
     * @throws UnsupportedDnstapPayloadException      when it is dnstap but carries no {@code Message}
     * @throws io.databroker.ingest.dns.dns.MalformedDnsMessageException when a DNS message inside is malformed
     */
    public DnstapMessage decode(byte[] frame) {
        DnstapProtos.Dnstap dnstap;
        try {
            dnstap = DnstapProtos.Dnstap.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            // Includes proto2 "required field missing", e.g. a message type outside the enum (an unknown enum value
            // lands in the unknown fields, leaving the required field unset).
            throw new MalformedDnstapException("not a dnstap protobuf message (" + frame.length + " bytes): " + e.getMessage(), e);
        }
        if (dnstap.getType() != DnstapProtos.Dnstap.Type.MESSAGE || !dnstap.hasMessage()) {
            throw new UnsupportedDnstapPayloadException("dnstap payload of type " + dnstap.getType() + " carries no Message");
        }
        DnstapProtos.Message m = dnstap.getMessage();
        MessageType type = MessageType.valueOf(m.getType().name());
        DnsMessage query = m.hasQueryMessage() && !m.getQueryMessage().isEmpty()
                ? dnsDecoder.decode(m.getQueryMessage().toByteArray()) : null;
        DnsMessage response = m.hasResponseMessage() && !m.getResponseMessage().isEmpty()
                ? dnsDecoder.decode(m.getResponseMessage().toByteArray()) : null;
        if (query == null && response == null) {
            throw new MalformedDnstapException(type + " message carries neither a query nor a response message");
        }
        return new DnstapMessage(
                text(dnstap.hasIdentity(), dnstap.getIdentity()),
                text(dnstap.hasVersion(), dnstap.getVersion()),
                type,
                m.hasSocketFamily() ? m.getSocketFamily().name() : null,
                m.hasSocketProtocol() ? m.getSocketProtocol().name() : null,
                address(m.hasQueryAddress(), m.getQueryAddress()),
                port(m.hasQueryPort(), m.getQueryPort()),
                address(m.hasResponseAddress(), m.getResponseAddress()),
                port(m.hasResponsePort(), m.getResponsePort()),
                m.hasQueryTimeSec() ? instant(m.getQueryTimeSec(), m.getQueryTimeNsec()) : null,
                m.hasResponseTimeSec() ? instant(m.getResponseTimeSec(), m.getResponseTimeNsec()) : null,
                query, response);
    }

    private static String text(boolean present, ByteString bytes) {
        return present && !bytes.isEmpty() ? bytes.toString(StandardCharsets.UTF_8) : null;
    }

    /** 4 octets for INET, 16 for INET6; any other length is treated as absent rather than guessed at. */
    private static InetAddress address(boolean present, ByteString bytes) {
        if (!present || bytes.size() != 4 && bytes.size() != 16) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes.toByteArray());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4 or 16 byte address is always valid", e);
        }
    }

    private static Integer port(boolean present, int port) {
        return present && port >= 0 && port <= 65535 ? port : null;
    }

    /**
     * Seconds plus nanoseconds. Some senders (BIND test captures) write a nanosecond count of a second or more; it is
     * carried into the seconds as {@link Instant#ofEpochSecond(long, long)} does, rather than rejected.
     */
    private static Instant instant(long seconds, int nanos) {
        long nanoAdjustment = Integer.toUnsignedLong(nanos);
        if (seconds < 0 || seconds > MAX_EPOCH_SECOND) {
            throw new MalformedDnstapException("time " + Long.toUnsignedString(seconds) + " s is outside the years 1970-9999");
        }
        Instant instant = Instant.ofEpochSecond(seconds, nanoAdjustment);
        if (instant.getEpochSecond() > MAX_EPOCH_SECOND) {
            throw new MalformedDnstapException("time " + instant + " is after the year 9999");
        }
        return instant;
    }
}
