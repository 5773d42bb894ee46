package io.databroker.ingest.arxiv.oaipmh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.databroker.testsupport.FixtureHttpServer;

/** Reads our OAI-PMH fixtures (src/test/resources/fixtures/oaipmh) and parses them for tests. */
public final class Fixtures {

    private Fixtures() {
    }

    public static byte[] bytes(String name) {
        return FixtureHttpServer.resource("fixtures/oaipmh/" + name);
    }

    /** The records of a fixture page, in order. */
    public static List<OaiRecord> records(String name) throws IOException {
        List<OaiRecord> records = new ArrayList<>();
        new ListRecordsParser().parse(new ByteArrayInputStream(bytes(name)), records::add);
        return records;
    }
}
