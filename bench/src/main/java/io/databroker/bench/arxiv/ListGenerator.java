package io.databroker.bench.arxiv;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A synthetic arXivRaw ListRecords list in the real wire format (the layout of export.arxiv.org's 2015 responses):
 * every record a real-sized paper with two versions, a flat author string and a 900-character abstract; ids unique,
 * pages chained by resumption tokens {@code bench|1}, {@code bench|2}, … and the last token empty.
 */
final class ListGenerator {

    private static final String ABSTRACT = ("  We discuss the asymptotic behaviour of models of lattice polygons, mainly on\n"
            + "the square lattice. In particular, we focus on limiting area laws in the\n"
            + "uniform perimeter ensemble where, for fixed perimeter, each polygon of a given\n"
            + "area occurs with the same probability. We relate limit distributions to the\n"
            + "scaling behaviour of the associated perimeter and area generating functions,\n"
            + "thereby providing a geometric interpretation of scaling functions. To a major\n"
            + "extent, this article is a pedagogic review of known results &quot;and more&quot;.\n").repeat(2);

    private ListGenerator() {
    }

    static byte[][] pages(int pages, int perPage) {
        byte[][] list = new byte[pages][];
        int total = pages * perPage;
        for (int p = 0; p < pages; p++) {
            StringBuilder xml = new StringBuilder(perPage * 2600);
            xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\" "
                    + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/ "
                    + "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd\">\n<responseDate>2024-01-02T20:49:59Z</responseDate>\n"
                    + "<request verb=\"ListRecords\" from=\"2024-01-01\" metadataPrefix=\"arXivRaw\">http://export.arxiv.org/oai2</request>\n"
                    + "<ListRecords>\n");
            for (int r = 0; r < perPage; r++) {
                record(xml, p * perPage + r);
            }
            String token = p == pages - 1 ? "" : "bench|" + (p + 1);
            xml.append(String.format(Locale.ROOT, "<resumptionToken cursor=\"%d\" completeListSize=\"%d\">%s</resumptionToken>\n",
                    p * perPage, total, token));
            xml.append("</ListRecords>\n</OAI-PMH>\n");
            list[p] = xml.toString().getBytes(StandardCharsets.UTF_8);
        }
        return list;
    }

    private static void record(StringBuilder xml, int n) {
        String id = String.format(Locale.ROOT, "2401.%05d", n % 100_000);
        if (n >= 100_000) {
            id = String.format(Locale.ROOT, "%04d.%05d", 2402 + n / 100_000, n % 100_000);
        }
        xml.append("<record>\n<header>\n <identifier>oai:arXiv.org:").append(id).append("</identifier>\n")
                .append(" <datestamp>2024-01-0").append(1 + n % 2).append("</datestamp>\n")
                .append(" <setSpec>math</setSpec>\n <setSpec>physics:math-ph</setSpec>\n</header>\n<metadata>\n")
                .append(" <arXivRaw xmlns=\"http://arxiv.org/OAI/arXivRaw/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                        + "xsi:schemaLocation=\"http://arxiv.org/OAI/arXivRaw/ http://arxiv.org/OAI/arXivRaw.xsd\">\n <id>")
                .append(id).append("</id><submitter>Christoph Richard</submitter>")
                .append("<version version=\"v1\"><date>Thu, 4 Jan 2024 12:45:03 GMT</date><size>43kb</size></version>")
                .append("<version version=\"v2\"><date>Fri, 28 Jun 2024 15:13:43 GMT</date><size>48kb</size></version>")
                .append("<title>Limit distributions and scaling functions, part ").append(n).append("</title>")
                .append("<authors>Christoph Richard, D.V. Shetty (Texas A&amp;M), S.J. Yennello, and G.A. Souliotis</authors>")
                .append("<categories>math-ph math.MP</categories><comments>54 pages, 2 figures; v2 updated</comments>")
                .append("<msc-class>05A15, 05A16</msc-class><journal-ref>Polygons, polyominoes and polycubes, 247-299</journal-ref>")
                .append("<doi>10.1007/978-1-4020-9927-4_11</doi>")
                .append("<license>http://arxiv.org/licenses/nonexclusive-distrib/1.0/</license><abstract>")
                .append(ABSTRACT).append("</abstract></arXivRaw>\n</metadata>\n</record>\n");
    }
}
