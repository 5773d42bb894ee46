package io.databroker.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

import io.databroker.testsupport.FeedTemplate;

/** Loads an RSS fixture of this module with its dates filled in relative to {@code now}. */
final class FeedFixture {

    private FeedFixture() {
    }

    static byte[] load(String resource, Instant now) {
        try (InputStream in = FeedFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            return FeedTemplate.render(in.readAllBytes(), now);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
