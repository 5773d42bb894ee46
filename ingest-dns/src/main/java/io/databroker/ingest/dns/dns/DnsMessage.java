package io.databroker.ingest.dns.dns;

import java.util.List;

/**
 * The parts of a wire-format DNS message (RFC 1035 §4.1) that a {@code dns_data} record carries.
 *
 * @param id           the 16-bit message id
 * @param qname        first question's name: lower-case, without the trailing dot ({@code .} for the root)
 * @param qtype        first question's type mnemonic
 * @param qclass       first question's class mnemonic
 * @param rcode        response code mnemonic, including the EDNS extended bits ({@code NOERROR}, {@code NXDOMAIN})
 * @param flags        header flags that are set, lower-case ({@code qr aa tc rd ra ad cd}), plus {@code do} (EDNS)
 * @param answers      the answer section
 * @param authorities  the authority section
 * @param clientSubnet the EDNS Client Subnet option, or null
 */
public record DnsMessage(int id, String qname, String qtype, String qclass, String rcode, List<String> flags,
                         List<ResourceRecord> answers, List<ResourceRecord> authorities, ClientSubnet clientSubnet) {
}
