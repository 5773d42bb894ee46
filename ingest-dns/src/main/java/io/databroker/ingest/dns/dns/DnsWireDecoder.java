package io.databroker.ingest.dns.dns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Decodes wire-format DNS messages (RFC 1035 §4, names compressed per §4.1.4) with dnsjava. Stateless. */
public final class DnsWireDecoder {

    private static final int[] HEADER_FLAGS = {Flags.QR, Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD};

    /**
     * @throws MissingQuestionException     when the message is well-formed but has no question
     * @throws MalformedDnsMessageException when the bytes are not a DNS message
     */
    public DnsMessage decode(byte[] wire) {
        Message message;
        try {
            message = new Message(wire);
        } catch (IOException | RuntimeException e) {
            // dnsjava signals bad wire data with WireParseException, and a few impossible values with runtime exceptions.
            throw new MalformedDnsMessageException("not a DNS message (" + wire.length + " bytes): " + e.getMessage(), e);
        }
        Record question = message.getQuestion();
        if (question == null) {
            throw new MissingQuestionException();
        }
        Header header = message.getHeader();
        List<String> flags = new ArrayList<>(4);
        for (int flag : HEADER_FLAGS) {
            if (header.getFlag(flag)) {
                flags.add(Flags.string(flag));
            }
        }
        OPTRecord opt = message.getOPT();
        if (opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0) {
            flags.add("do");
        }
        return new DnsMessage(header.getID(), DnsNames.normalize(question.getName()), Type.string(question.getType()),
                DClass.string(question.getDClass()), Rcode.string(message.getRcode()), flags,
                records(message, Section.ANSWER), records(message, Section.AUTHORITY), clientSubnet(opt));
    }

    private static List<ResourceRecord> records(Message message, int section) {
        List<Record> records = message.getSection(section);
        if (records.isEmpty()) {
            return List.of();
        }
        List<ResourceRecord> result = new ArrayList<>(records.size());
        for (Record record : records) {
            result.add(new ResourceRecord(DnsNames.normalize(record.getName()), Type.string(record.getType()),
                    record.getTTL(), rdata(record)));
        }
        return result;
    }

    /** Presentation format; IPv6 addresses in their RFC 5952 canonical form, which dnsjava does not use. */
    private static String rdata(Record record) {
        return record instanceof AAAARecord aaaa ? IpAddressText.of(aaaa.getAddress()) : record.rdataToString();
    }

    private static ClientSubnet clientSubnet(OPTRecord opt) {
        if (opt == null) {
            return null;
        }
        for (EDNSOption option : opt.getOptions(EDNSOption.Code.CLIENT_SUBNET)) {
            if (option instanceof ClientSubnetOption subnet) {
                return new ClientSubnet(subnet.getAddress(), subnet.getSourcePrefixLength());
            }
        }
        return null;
    }
}
