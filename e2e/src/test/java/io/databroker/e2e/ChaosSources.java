package io.databroker.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

import io.databroker.testsupport.FixtureHttpServer;
import io.databroker.testsupport.FixtureHttpServer.Response;

/**
 * The HTTP sources the ingest services poll during the chaos test, in their real wire formats: a GitHub events page
 * and an RSS feed that grow by a few items after every request they answer (so each item stays on them for many
 * polls, and a service killed between fetch and commit finds it again), and GH Archive hours served slowly (so the
 * backfill is mid-range when it is killed). Every item served is counted, so the test knows what must arrive.
 */
final class ChaosSources {

    static final String EVENTS_PATH = "/events";
    static final String FEED_PATH = "/feeds/chaos.xml";
    static final String ARCHIVE_PATH = "/gharchive";

    /** Items on the events page and in the feed; a few new ones per answered request. */
    private static final int PAGE_SIZE = 100;
    private static final int NEW_PER_REQUEST = 5;
    private static final int FEED_SIZE = 40;
    private static final int NEW_ITEMS_PER_REQUEST = 2;
    private static final long LIVE_ID_BASE = 80_000_000_000L;
    private static final long ARCHIVE_ID_BASE = 70_000_000_000L;
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT);

    private final FixtureHttpServer server;
    private final Instant now;
    private final LocalDateTime firstArchiveHour;
    private final int archiveHours;
    private final int eventsPerHour;
    private int liveEvents;
    private int feedItems;
    private int eventsRequestsSeen;
    private int feedRequestsSeen;
    private boolean frozen;

    /**
     * @param archiveHours  GH Archive hours to backfill, three days back (inside the hot store's window)
     * @param eventsPerHour events in each hour file
     * @param hourDelay     how long the server waits before answering each hour (keeps the backfill busy for a while)
     */
    ChaosSources(FixtureHttpServer server, Instant now, int archiveHours, int eventsPerHour, Duration hourDelay) {
        this.server = server;
        this.now = now;
        this.firstArchiveHour = LocalDateTime.ofInstant(now.minus(Duration.ofDays(3)), ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
        this.archiveHours = archiveHours;
        this.eventsPerHour = eventsPerHour;
        for (int h = 0; h < archiveHours; h++) {
            LocalDateTime hour = firstArchiveHour.plusHours(h);
            server.respond(ARCHIVE_PATH + "/" + hourName(hour) + ".json.gz",
                    Response.ok("application/gzip", archiveHour(h, hour)).delayedBy(hourDelay));
        }
        addLiveEvents(NEW_PER_REQUEST);
        addFeedItems(NEW_ITEMS_PER_REQUEST);
    }

    /** GH Archive's name of the first hour, for BROKER_GITHUB_BACKFILL_FROM. */
    String backfillFrom() {
        return hourName(firstArchiveHour);
    }

    String backfillTo() {
        return hourName(firstArchiveHour.plusHours(archiveHours - 1));
    }

    /** Grows the events page and the feed once for every request they answered since the last call. */
    synchronized void advance() {
        if (frozen) {
            return;
        }
        int eventsRequests = server.requests(EVENTS_PATH).size();
        if (eventsRequests > eventsRequestsSeen) {
            eventsRequestsSeen = eventsRequests;
            addLiveEvents(NEW_PER_REQUEST);
        }
        int feedRequests = server.requests(FEED_PATH).size();
        if (feedRequests > feedRequestsSeen) {
            feedRequestsSeen = feedRequests;
            addFeedItems(NEW_ITEMS_PER_REQUEST);
        }
    }

    /** Stops growing: from now on the last page and feed are served again and again, until everything is ingested. */
    synchronized void freeze() {
        frozen = true;
    }

    synchronized int liveEvents() {
        return liveEvents;
    }

    int archiveEvents() {
        return archiveHours * eventsPerHour;
    }

    synchronized int feedItems() {
        return feedItems;
    }

    private void addLiveEvents(int count) {
        liveEvents += count;
        StringBuilder page = new StringBuilder("[");
        for (int i = liveEvents - 1; i >= Math.max(0, liveEvents - PAGE_SIZE); i--) {
            if (page.length() > 1) {
                page.append(',');
            }
            // Newest first, as GitHub lists them; created a minute before the test began (outside the backfill range).
            page.append(githubEvent(LIVE_ID_BASE + i, "chaos-live/repo" + (i % 20), now.minusSeconds(60).plusMillis(i)));
        }
        page.append(']');
        server.respond(EVENTS_PATH, Response.ok("application/json; charset=utf-8", page.toString())
                .withHeader("ETag", "\"live-" + liveEvents + "\""));
    }

    private void addFeedItems(int count) {
        feedItems += count;
        StringBuilder rss = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>Chaos News</title><link>https://chaos-news.example.org/</link>
                <description>Grows while services are killed.</description>
                """);
        for (int i = feedItems - 1; i >= Math.max(0, feedItems - FEED_SIZE); i--) {
            rss.append("<item><title>Chaos story ").append(i).append("</title>")
                    .append("<link>https://chaos-news.example.org/story/").append(i).append("</link>")
                    .append("<guid>chaos-story-").append(i).append("</guid>")
                    .append("<pubDate>").append(RFC_1123.format(now.minusSeconds(3600).plusSeconds(i).atOffset(ZoneOffset.UTC)))
                    .append("</pubDate><description>Story ").append(i).append(" survived the chaos.</description></item>\n");
        }
        rss.append("</channel></rss>\n");
        server.respond(FEED_PATH, Response.ok("application/rss+xml; charset=utf-8", rss.toString()));
    }

    private byte[] archiveHour(int index, LocalDateTime hour) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            Instant start = hour.toInstant(ZoneOffset.UTC);
            for (int j = 0; j < eventsPerHour; j++) {
                long id = ARCHIVE_ID_BASE + index * 1_000_000L + j;
                gzip.write(githubEvent(id, "chaos-archive/repo" + (j % 20), start.plusMillis(j * 100L)).getBytes(StandardCharsets.UTF_8));
                gzip.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String githubEvent(long id, String repo, Instant createdAt) {
        return "{\"id\":\"" + id + "\",\"type\":\"PushEvent\",\"actor\":{\"id\":7,\"login\":\"chaos-monkey\"},"
                + "\"repo\":{\"id\":" + (repo.hashCode() & 0xffff) + ",\"name\":\"" + repo + "\"},"
                + "\"payload\":{\"size\":1,\"ref\":\"refs/heads/main\"},\"public\":true,"
                + "\"created_at\":\"" + createdAt.truncatedTo(ChronoUnit.SECONDS) + "\"}";
    }

    private static String hourName(LocalDateTime hour) {
        return hour.toLocalDate() + "-" + hour.getHour();
    }

    /** The names unbound answers for; queried in a loop so ingest-dns receives dnstap while it is killed. */
    static List<String> dnsZone() {
        List<String> zone = new ArrayList<>(List.of(
                "  local-zone: \"chaos.example.com.\" static",
                "  local-data: \"chaos.example.com. 3600 IN SOA ns.chaos.example.com. hostmaster.chaos.example.com. 1 3600 600 86400 300\""));
        for (int i = 0; i < 10; i++) {
            zone.add("  local-data: \"host" + i + ".chaos.example.com. 300 IN A 192.0.2." + (10 + i) + "\"");
        }
        return zone;
    }
}
