package io.databroker.ingest.news;

import io.databroker.testsupport.FixtureHttpServer;

/** Our fixtures under src/test/resources/fixtures (see the README there for their origins). */
public final class Fixtures {

    private Fixtures() {
    }

    /** The bytes of {@code fixtures/feeds/<name>}, exactly as a server would send them. */
    public static byte[] feed(String name) {
        return FixtureHttpServer.resource("fixtures/feeds/" + name);
    }

    public static byte[] opml(String name) {
        return FixtureHttpServer.resource("fixtures/opml/" + name);
    }
}
