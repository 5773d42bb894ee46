package io.databroker.bench.dns;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import com.google.protobuf.ByteString;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import io.databroker.ingest.dns.dnstap.proto.DnstapProtos;
import io.databroker.ingest.dns.framestream.ControlFrameType;
import io.databroker.ingest.dns.framestream.Frame;
import io.databroker.ingest.dns.framestream.FrameStreamWriter;
import io.databroker.ingest.dns.receive.DnstapReceiver;

/**
 * Writes a large dnstap capture file shaped like a recursive resolver's client traffic: CLIENT_QUERY followed by
 * its CLIENT_RESPONSE (as unbound logs them: no query time in the response), A / AAAA / MX / TXT lookups and
 * NXDOMAINs with the zone's SOA, 20 000 names, 5 000 clients (a tenth IPv6), latencies of 0.1 to 50 ms.
 * Deterministic for a given frame count (fixed seed).
 */
final class CaptureFileGenerator {

    private static final int NAMES = 20_000;
    private static final int CLIENTS = 5_000;

    private CaptureFileGenerator() {
    }

    static void write(Path file, int frames) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[][] clients = new byte[CLIENTS][];
        for (int i = 0; i < CLIENTS; i++) {
            clients[i] = i % 10 == 0
                    ? new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) (i >> 8), (byte) i}
                    : new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
        }
        Template[] templates = new Template[NAMES];
        for (int i = 0; i < NAMES; i++) {
            templates[i] = Template.of(i);
        }
        ByteString identity = ByteString.copyFromUtf8("bench-resolver");
        ByteString version = ByteString.copyFromUtf8("unbound 1.17.1");
        ByteString server = ByteString.copyFrom(new byte[] {10, 0, 0, 53});
        long nanos = Instant.parse("2026-11-21T00:00:00Z").getEpochSecond() * 1_000_000_000L;
        Files.createDirectories(file.getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            FrameStreamWriter writer = new FrameStreamWriter(out);
            writer.writeControl(Frame.Control.of(ControlFrameType.START, DnstapReceiver.DNSTAP_CONTENT_TYPE));
            for (int n = 0; n + 1 < frames; n += 2) {
                Template template = templates[(int) Math.min(NAMES - 1, Math.abs(random.nextGaussian()) * NAMES / 3)];
                byte[] client = clients[random.nextInt(CLIENTS)];
                int port = 1024 + random.nextInt(64_000);
                int id = random.nextInt(65_536);
                nanos += random.nextInt(20_000);
                long responseNanos = nanos + 100_000 + random.nextInt(50_000_000);
                DnstapProtos.Message.Builder common = DnstapProtos.Message.newBuilder()
                        .setSocketFamily(client.length == 4 ? DnstapProtos.SocketFamily.INET : DnstapProtos.SocketFamily.INET6)
                        .setSocketProtocol(DnstapProtos.SocketProtocol.UDP)
                        .setQueryAddress(ByteString.copyFrom(client)).setQueryPort(port)
                        .setResponseAddress(client.length == 4 ? server : ByteString.copyFrom(new byte[16])).setResponsePort(53);
                DnstapProtos.Message query = common.clone().setType(DnstapProtos.Message.Type.CLIENT_QUERY)
                        .setQueryTimeSec(nanos / 1_000_000_000L).setQueryTimeNsec((int) (nanos % 1_000_000_000L))
                        .setQueryMessage(ByteString.copyFrom(withId(template.query, id))).build();
                DnstapProtos.Message response = common.clone().setType(DnstapProtos.Message.Type.CLIENT_RESPONSE)
                        .setResponseTimeSec(responseNanos / 1_000_000_000L).setResponseTimeNsec((int) (responseNanos % 1_000_000_000L))
                        .setResponseMessage(ByteString.copyFrom(withId(template.response, id))).build();
                writer.writeData(DnstapProtos.Dnstap.newBuilder().setType(DnstapProtos.Dnstap.Type.MESSAGE)
                        .setIdentity(identity).setVersion(version).setMessage(query).build().toByteArray());
                writer.writeData(DnstapProtos.Dnstap.newBuilder().setType(DnstapProtos.Dnstap.Type.MESSAGE)
                        .setIdentity(identity).setVersion(version).setMessage(response).build().toByteArray());
            }
            writer.writeControl(Frame.Control.of(ControlFrameType.STOP));
            writer.flush();
        }
    }

    private static byte[] withId(byte[] wire, int id) {
        byte[] copy = wire.clone();
        copy[0] = (byte) (id >> 8);
        copy[1] = (byte) id;
        return copy;
    }

    /** Query and response wire messages for one name, built once; only the message id varies per exchange. */
    private record Template(byte[] query, byte[] response) {

        static Template of(int i) {
            try {
                Name zone = Name.fromString("site" + (i % 2000) + ".example.", Name.root);
                int kind = i % 20;
                Name name = Name.fromString(kind < 17 ? "host" + i : "missing" + i, zone);
                int type = kind < 9 ? Type.A : kind < 14 ? Type.AAAA : kind == 14 ? Type.MX : kind < 17 ? Type.TXT : Type.A;
                Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
                Message response = new Message(0);
                response.getHeader().setFlag(Flags.QR);
                response.getHeader().setFlag(Flags.RD);
                response.getHeader().setFlag(Flags.RA);
                response.addRecord(query.getQuestion(), Section.QUESTION);
                List<Record> answers = switch (kind < 17 ? type : -1) {
                    case Type.A -> List.of(new ARecord(name, DClass.IN, 300, InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) i})),
                            new ARecord(name, DClass.IN, 300, InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, (byte) i})));
                    case Type.AAAA -> List.of(new AAAARecord(name, DClass.IN, 300,
                            InetAddress.getByName("2001:db8::" + Integer.toHexString(i))));
                    case Type.MX -> List.of(new MXRecord(name, DClass.IN, 3600, 10, Name.fromString("mail", zone)));
                    case Type.TXT -> List.of(new TXTRecord(name, DClass.IN, 300, "v=spf1 include:_spf." + zone + " ~all"));
                    default -> List.of();
                };
                answers.forEach(r -> response.addRecord(r, Section.ANSWER));
                if (answers.isEmpty()) {
                    response.getHeader().setRcode(Rcode.NXDOMAIN);
                    response.addRecord(new SOARecord(zone, DClass.IN, 3600, Name.fromString("ns1", zone),
                            Name.fromString("hostmaster", zone), 2026112101, 7200, 900, 1209600, 300), Section.AUTHORITY);
                }
                return new Template(query.toWire(), response.toWire());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
