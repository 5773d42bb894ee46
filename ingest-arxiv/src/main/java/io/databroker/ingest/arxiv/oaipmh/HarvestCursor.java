package io.databroker.ingest.arxiv.oaipmh;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

import io.databroker.shared.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where the harvest of one (metadataPrefix, set) stands. Stored as JSON on {@code broker_ingest_state} under
 * {@link #key()} in the same Kafka transaction as the page of records it covers (ARCHITECTURE §4), so a restart
 * resumes exactly after the last committed page: with {@link #resumptionToken} mid-window, else with a new window
 * from {@link #from}.
 *
 * <p>A window is one OAI-PMH list: {@code ListRecords from=<from>} and its resumption-token pages. When the last
 * page is committed, the next window starts at the highest datestamp the window held (inclusive, day granularity:
 * records of that day are seen again, which is harmless because ids are stable and enrich-service deduplicates).
 *
 * @param metadataPrefix {@code arXiv} or {@code arXivRaw}
 * @param set            the OAI set, or null for the whole repository
 * @param from           the {@code from} of the current window, or null for "from the beginning"
 * @param until          the {@code until} of a bounded window (an operator's backfill), or null: the live harvest's
 *                       windows are open-ended
 * @param resumptionToken the token of the next page of the current window; null when the next request opens a window
 * @param maxDatestamp   the highest datestamp seen in the current window so far
 * @param harvestedUntil {@code responseDate} of the last completed window: everything changed before it is published
 */
public record HarvestCursor(String metadataPrefix, String set, LocalDate from, LocalDate until, String resumptionToken,
                           LocalDate maxDatestamp, Instant harvestedUntil) {

    /** Prefix of this source's keys on {@code broker_ingest_state}. */
    public static final String KEY_PREFIX = "arxiv:";
    private static final String ALL_SETS = "*";

    public HarvestCursor {
        Objects.requireNonNull(metadataPrefix, "metadataPrefix");
    }

    /** The cursor of a harvest never run before. */
    public static HarvestCursor initial(String metadataPrefix, String set, LocalDate from) {
        return new HarvestCursor(metadataPrefix, set, from, null, null, null, null);
    }

    /** The cursor of a backfill of the window {@code from..until} (both days included), not started yet. */
    public static HarvestCursor bounded(String metadataPrefix, String set, LocalDate from, LocalDate until) {
        Objects.requireNonNull(until, "until");
        return new HarvestCursor(metadataPrefix, set, from, until, null, null, null);
    }

    /** {@code arxiv:<metadataPrefix>:<set>}, {@code *} standing for the whole repository. */
    public static String key(String metadataPrefix, String set) {
        return key(KEY_PREFIX, metadataPrefix, set);
    }

    /** {@code <keyPrefix><metadataPrefix>:<set>}: the live harvest uses {@link #KEY_PREFIX}, a backfill its own. */
    public static String key(String keyPrefix, String metadataPrefix, String set) {
        return keyPrefix + metadataPrefix + ":" + (set == null ? ALL_SETS : set);
    }

    public String key() {
        return key(metadataPrefix, set);
    }

    /** The request this cursor makes next. */
    public ListRecordsRequest nextRequest(URI baseUrl) {
        return new ListRecordsRequest(baseUrl, metadataPrefix, set, from, until, resumptionToken);
    }

    /**
     * After a page was published: on to its token, or, on the last page, a new window from the highest datestamp;
     * a bounded window instead keeps its bounds and is {@link #complete()}.
     */
    public HarvestCursor afterPage(ListRecordsPage page, LocalDate pageMaxDatestamp) {
        LocalDate max = later(maxDatestamp, pageMaxDatestamp);
        if (!page.lastPage()) {
            return new HarvestCursor(metadataPrefix, set, from, until, page.token().value(), max, harvestedUntil);
        }
        Instant completedAt = page.responseDate() != null ? page.responseDate() : harvestedUntil;
        if (until != null) {
            return new HarvestCursor(metadataPrefix, set, from, until, null, max, completedAt != null ? completedAt : Instant.EPOCH);
        }
        return new HarvestCursor(metadataPrefix, set, max != null ? max : from, null, null, null, completedAt);
    }

    /** {@code noRecordsMatch}: nothing changed since {@link #from}; the window is complete. */
    public HarvestCursor caughtUp(Instant responseDate) {
        Instant completedAt = responseDate != null ? responseDate : harvestedUntil;
        if (until != null && completedAt == null) {
            completedAt = Instant.EPOCH; // a bounded window is complete once it answered; the date is only informative
        }
        return new HarvestCursor(metadataPrefix, set, from, until, null, null, completedAt);
    }

    /**
     * {@code badResumptionToken} (expired, or the repository restarted): ask for the window again from {@link #from}.
     * Its records are published again, which ids make harmless; skipping them could lose records.
     */
    public HarvestCursor restartWindow() {
        return new HarvestCursor(metadataPrefix, set, from, until, null, maxDatestamp, harvestedUntil);
    }

    /**
     * True once a bounded window ({@code until} set) has been harvested to its last page: a bounded cursor gets
     * {@code harvestedUntil} only then. Live cursors are never complete.
     */
    public boolean complete() {
        return until != null && resumptionToken == null && harvestedUntil != null;
    }

    /** True when the next request continues a window rather than opening one. */
    public boolean midWindow() {
        return resumptionToken != null;
    }

    /** Where the harvest stands in source time, for the lag gauge: the last completed window, else {@code from}. */
    public Instant position() {
        if (harvestedUntil != null) {
            return harvestedUntil;
        }
        return from == null ? null : from.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public byte[] toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("metadata_prefix", metadataPrefix);
        root.put("set", set);
        root.put("from", from == null ? null : from.toString());
        if (until != null) {
            root.put("until", until.toString());
        }
        root.put("resumption_token", resumptionToken);
        root.put("max_datestamp", maxDatestamp == null ? null : maxDatestamp.toString());
        root.put("harvested_until", harvestedUntil == null ? null : harvestedUntil.toString());
        return Json.mapper().writeValueAsBytes(root);
    }

    /** @throws IllegalArgumentException when {@code json} is not a cursor */
    public static HarvestCursor fromJson(byte[] json) {
        try {
            JsonNode root = Json.mapper().readTree(json);
            String prefix = text(root, "metadata_prefix");
            if (prefix == null) {
                throw new IllegalArgumentException("cursor without metadata_prefix");
            }
            String from = text(root, "from");
            String until = text(root, "until");
            String max = text(root, "max_datestamp");
            String harvested = text(root, "harvested_until");
            return new HarvestCursor(prefix, text(root, "set"), from == null ? null : LocalDate.parse(from),
                    until == null ? null : LocalDate.parse(until), text(root, "resumption_token"),
                    max == null ? null : LocalDate.parse(max), harvested == null ? null : Instant.parse(harvested));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cursor is not JSON: " + e.getOriginalMessage(), e);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cursor holds a bad date: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
