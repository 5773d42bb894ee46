package io.databroker.enrich.topology;

import io.databroker.shared.topic.Topic;

/**
 * The two compacted topics enrich-service owns besides ARCHITECTURE §3's: the join tables, written by the topology
 * and read back by every instance as global stores. Not Streams-internal topics, because a global store must be fed
 * from a topic Streams does not prefix with the application id; created at start-up like the others.
 */
public final class EnrichTopics {

    /** arXiv id (no version) → {@link io.databroker.enrich.join.PaperSummary} of the latest version. */
    public static final Topic PAPERS = Topic.compacted("enrich-papers", 8);
    /** Registrable domain → {@link io.databroker.enrich.join.DomainStats} aggregated from dns_data. */
    public static final Topic DOMAINS = Topic.compacted("enrich-domains", 8);

    private EnrichTopics() {
    }
}
