package io.databroker.enrich.join;

/** Hits and misses of one document's joins, for the join metrics; a miss is a mention the table did not know. */
public final class JoinTally {

    int paperHits;
    int paperMisses;
    int domainHits;
    int domainMisses;
    int categoryHits;
    int categoryMisses;

    public int paperHits() {
        return paperHits;
    }

    public int paperMisses() {
        return paperMisses;
    }

    public int domainHits() {
        return domainHits;
    }

    public int domainMisses() {
        return domainMisses;
    }

    public int categoryHits() {
        return categoryHits;
    }

    public int categoryMisses() {
        return categoryMisses;
    }
}
