package io.databroker.ingest.github;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import io.databroker.shared.json.Json;
import io.databroker.testsupport.FixtureHttpServer;
import tools.jackson.databind.JsonNode;

/** Our fixtures (src/test/resources/fixtures, see the README there), and GH Archive files made from them. */
public final class GithubFixtures {

    private GithubFixtures() {
    }

    /** An Events API page: {@code events/<name>}. */
    public static byte[] eventsPage(String name) {
        return FixtureHttpServer.resource("fixtures/events/" + name);
    }

    /** The event ids of an Events API page, in page order (newest first). */
    public static List<String> idsOfPage(String name) {
        JsonNode page = Json.mapper().readTree(eventsPage(name));
        return page.valueStream().map(e -> e.get("id").asString()).toList();
    }

    /** The lines of a GH Archive fixture: {@code gharchive/<name>}. */
    public static List<String> archiveLines(String name) {
        String text = new String(FixtureHttpServer.resource("fixtures/gharchive/" + name), StandardCharsets.UTF_8);
        return Arrays.stream(text.split("\n")).filter(l -> !l.isEmpty()).toList();
    }

    /** The ids of the well-formed events of a GH Archive fixture, in file order. */
    public static List<String> idsOfArchive(String name) {
        return archiveLines(name).stream().filter(l -> l.startsWith("{") && l.endsWith("}"))
                .map(l -> Json.mapper().readTree(l)).filter(e -> e.has("created_at"))
                .map(e -> e.get("id").asString()).toList();
    }

    /** The fixture gzipped, as GH Archive serves an hour. */
    public static byte[] archiveFile(String name) {
        return gzip(FixtureHttpServer.resource("fixtures/gharchive/" + name));
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
