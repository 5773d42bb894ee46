package io.databroker.shared.topic;

import java.util.Locale;

/** The four data sources; each owns one raw topic, one enriched topic, one hot index alias and one Delta table. */
public enum Source {
    ARXIV(Topics.ARXIV_RAW, Topics.ARXIV_ENRICHED),
    GITHUB(Topics.GITHUB_EVENTS, Topics.GITHUB_ENRICHED),
    NEWS(Topics.NEWS_FEED, Topics.NEWS_ENRICHED),
    DNS(Topics.DNS_DATA, Topics.DNS_ENRICHED);

    private final Topic raw;
    private final Topic enriched;

    Source(Topic raw, Topic enriched) {
        this.raw = raw;
        this.enriched = enriched;
    }

    /** Lower-case name used in ids, metric tags, index and table names (e.g. {@code news}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Topic rawTopic() {
        return raw;
    }

    public Topic enrichedTopic() {
        return enriched;
    }

    /** Read alias of the hot store (ARCHITECTURE §6): {@code news_recent}. */
    public String hotAlias() {
        return id() + "_recent";
    }

    /** Delta table name of the cold store (ARCHITECTURE §7): {@code news_historical}. */
    public String coldTable() {
        return id() + "_historical";
    }

    /** The CloudEvents type of records on the raw topic, e.g. {@code io.databroker.news.item.v1}. */
    public String eventType() {
        return "io.databroker." + id() + "." + switch (this) {
            case ARXIV -> "paper";
            case GITHUB -> "event";
            case NEWS -> "item";
            case DNS -> "message";
        } + ".v1";
    }

    public static Source ofId(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }
}
