package io.databroker.ingest.dns;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

import io.databroker.ingest.dns.dnstap.MessageType;
import io.databroker.ingest.dns.dnstap.proto.DnstapProtos;
import io.databroker.ingest.dns.framestream.ControlFrameType;
import io.databroker.ingest.dns.framestream.Frame;
import io.databroker.ingest.dns.framestream.FrameStreamReader;
import io.databroker.ingest.dns.framestream.FrameStreamWriter;
import io.databroker.ingest.dns.framestream.TruncatedFrameException;
import io.databroker.ingest.dns.receive.DnstapReceiver;

/** Builds dnstap test input the way resolvers encode it: DNS wire messages (dnsjava), dnstap protobuf, Frame Streams. */
public final class TestDnstap {

    private TestDnstap() {
    }

    public static byte[] resource(String path) {
        try (InputStream in = TestDnstap.class.getResourceAsStream("/fixtures/dnstap/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data frames of a capture fixture, in order; a capture cut inside a frame yields the frames before the cut. */
    public static List<byte[]> dataFrames(String fixture) {
        FrameStreamReader reader = new FrameStreamReader(new ByteArrayInputStream(resource(fixture)), 1 << 20);
        List<byte[]> frames = new ArrayList<>();
        try {
            for (Frame frame = reader.next(); frame != null; frame = reader.next()) {
                if (frame instanceof Frame.Data data) {
                    frames.add(data.payload());
                }
            }
        } catch (TruncatedFrameException cut) {
            return frames;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return frames;
    }

    public static Name name(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A recursive query (RD set), as a stub sends it. */
    public static Message query(int id, String qname, int qtype) {
        Message query = Message.newQuery(Record.newRecord(name(qname), qtype, DClass.IN));
        query.getHeader().setID(id);
        return query;
    }

    /** The response to {@code query} with the given rcode and sections (records in answer, then authority). */
    public static Message response(Message query, int rcode, List<Record> answers, List<Record> authorities) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RD);
        response.getHeader().setFlag(Flags.RA);
        response.getHeader().setRcode(rcode);
        response.addRecord(query.getQuestion(), Section.QUESTION);
        answers.forEach(r -> response.addRecord(r, Section.ANSWER));
        authorities.forEach(r -> response.addRecord(r, Section.AUTHORITY));
        return response;
    }

    public static Message noError(Message query, Record... answers) {
        return response(query, Rcode.NOERROR, List.of(answers), List.of());
    }

    /** A dnstap event builder with unbound-like defaults: identity {@code test-resolver}, UDP over IPv4. */
    public static Event event(MessageType type) {
        return new Event(type);
    }

    /** Fluent dnstap {@code Message} event. */
    public static final class Event {
        private final DnstapProtos.Dnstap.Builder dnstap = DnstapProtos.Dnstap.newBuilder()
                .setType(DnstapProtos.Dnstap.Type.MESSAGE).setIdentity(ByteString.copyFromUtf8("test-resolver"));
        private final DnstapProtos.Message.Builder message = DnstapProtos.Message.newBuilder();

        Event(MessageType type) {
            message.setType(DnstapProtos.Message.Type.forNumber(type.code()))
                    .setSocketFamily(DnstapProtos.SocketFamily.INET)
                    .setSocketProtocol(DnstapProtos.SocketProtocol.UDP)
                    .setResponseAddress(ByteString.copyFrom(new byte[] {127, 0, 0, 1}))
                    .setResponsePort(53);
        }

        public Event identity(String identity) {
            dnstap.setIdentity(ByteString.copyFromUtf8(identity));
            return this;
        }

        public Event client(String address, int port) {
            try {
                InetAddress inet = InetAddress.getByName(address);
                message.setQueryAddress(ByteString.copyFrom(inet.getAddress())).setQueryPort(port)
                        .setSocketFamily(inet.getAddress().length == 4 ? DnstapProtos.SocketFamily.INET : DnstapProtos.SocketFamily.INET6);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Event queryTime(Instant time) {
            message.setQueryTimeSec(time.getEpochSecond()).setQueryTimeNsec(time.getNano());
            return this;
        }

        public Event responseTime(Instant time) {
            message.setResponseTimeSec(time.getEpochSecond()).setResponseTimeNsec(time.getNano());
            return this;
        }

        public Event query(Message query) {
            message.setQueryMessage(ByteString.copyFrom(query.toWire()));
            return this;
        }

        public Event queryBytes(byte[] wire) {
            message.setQueryMessage(ByteString.copyFrom(wire));
            return this;
        }

        public Event response(Message response) {
            message.setResponseMessage(ByteString.copyFrom(response.toWire()));
            return this;
        }

        public byte[] bytes() {
            return dnstap.setMessage(message).build().toByteArray();
        }
    }

    /** A unidirectional Frame Streams capture: START(dnstap) … frames … STOP. */
    public static byte[] captureFile(List<byte[]> frames) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            FrameStreamWriter writer = new FrameStreamWriter(out);
            writer.writeControl(Frame.Control.of(ControlFrameType.START, DnstapReceiver.DNSTAP_CONTENT_TYPE));
            for (byte[] frame : frames) {
                writer.writeData(frame);
            }
            writer.writeControl(Frame.Control.of(ControlFrameType.STOP));
            writer.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
