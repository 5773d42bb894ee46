package io.databroker.enrich.join;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import io.databroker.enrich.extract.ArxivIds;
import io.databroker.enrich.extract.Entities;
import io.databroker.enrich.extract.EntityExtractor;
import io.databroker.enrich.extract.NameEntropy;
import io.databroker.enrich.extract.RegistrableDomains;
import io.databroker.enrich.normalize.DnsNormalizer;
import io.databroker.enrich.normalize.EntityFields;
import io.databroker.enrich.normalize.EntitySources;
import io.databroker.enrich.normalize.NormalizedDocument;
import io.databroker.enrich.normalize.Timestamps;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The extract-and-join step of ARCHITECTURE §5 on one normalized document: fills the entity fields, then
 * {@code linked_papers} and {@code domains} (news, GitHub) or {@code registrable_domain}, {@code newly_observed} and
 * {@code name_entropy} (DNS). Lookups never wait: a mention the tables do not know yet is a counted miss.
 *
 * <p>Not thread-safe (the domain cache): one instance per Streams processor.
 */
public final class DocumentEnricher {

    /** documents.md: a domain first seen less than this before the query is {@code newly_observed}. */
    public static final Duration NEWLY_OBSERVED_WITHIN = Duration.ofHours(24);

    private final Source source;
    private final EntityExtractor extractor = new EntityExtractor();
    private final RegistrableDomains registrableDomains = new RegistrableDomains();

    public DocumentEnricher(Source source) {
        this.source = source;
    }

    /** Registrable domains of this enricher's cache, for the DNS observation that feeds the domain table. */
    public RegistrableDomains registrableDomains() {
        return registrableDomains;
    }

    /** Enriches {@code normalized.document()} in place and reports how its joins went. */
    public JoinTally enrich(NormalizedDocument normalized, JoinLookups lookups) {
        JoinTally tally = new JoinTally();
        ObjectNode doc = normalized.document();
        switch (source) {
            case DNS -> enrichDns(doc, lookups, tally);
            case ARXIV -> {
                addEntities(doc, normalized.entitySources());
                if (!doc.path("primary_category").isNull()) {
                    if (doc.path("primary_category_name").isNull()) {
                        tally.categoryMisses++;
                    } else {
                        tally.categoryHits++;
                    }
                }
            }
            case NEWS, GITHUB -> {
                Entities entities = addEntities(doc, normalized.entitySources());
                linkPapers(array(doc, EntityFields.LINKED_PAPERS), entities, lookups, tally);
                addDomains(array(doc, EntityFields.DOMAINS), entities, lookups, tally);
            }
        }
        return tally;
    }

    private Entities addEntities(ObjectNode doc, EntitySources sources) {
        Entities entities = extractor.extract(sources.texts(), sources.urls(), sources.dois());
        fill(array(doc, EntityFields.ARXIV_IDS), entities.arxivIds());
        fill(array(doc, EntityFields.DOIS), entities.dois());
        fill(array(doc, EntityFields.GITHUB_REPOS), entities.githubRepos());
        fill(array(doc, EntityFields.URLS), entities.urls());
        return entities;
    }

    private static void linkPapers(ArrayNode out, Entities entities, JoinLookups lookups, JoinTally tally) {
        out.removeAll();
        Set<String> papers = new LinkedHashSet<>();
        entities.arxivIds().forEach(id -> papers.add(ArxivIds.withoutVersion(id)));
        for (String id : papers) {
            PaperSummary paper = lookups.paper(id);
            if (paper == null) {
                tally.paperMisses++;
                continue;
            }
            tally.paperHits++;
            ObjectNode entry = out.addObject();
            entry.put("id", id);
            entry.put("title", paper.title());
            entry.put("primary_category", paper.primaryCategory());
        }
    }

    private void addDomains(ArrayNode out, Entities entities, JoinLookups lookups, JoinTally tally) {
        out.removeAll();
        Set<String> names = new LinkedHashSet<>();
        for (String url : entities.urls()) {
            String domain = registrableDomains.ofUrl(url);
            if (domain != null) {
                names.add(domain);
            }
        }
        for (String name : names) {
            DomainStats stats = lookups.domain(name);
            ObjectNode entry = out.addObject();
            entry.put("name", name);
            entry.put("first_seen", stats == null ? null : Timestamps.format(stats.firstSeen()));
            ArrayNode addresses = entry.putArray("resolves_to");
            if (stats == null) {
                tally.domainMisses++;
            } else {
                tally.domainHits++;
                stats.resolvesTo().forEach(addresses::add);
            }
        }
    }

    private void enrichDns(ObjectNode doc, JoinLookups lookups, JoinTally tally) {
        String qname = doc.get("qname").asString();
        String domain = registrableDomains.ofHost(qname);
        doc.put(DnsNormalizer.REGISTRABLE_DOMAIN, domain);
        doc.put(DnsNormalizer.NAME_ENTROPY, NameEntropy.ofLeftmostLabel(qname));
        boolean newlyObserved = false;
        if (domain != null) {
            Instant eventTime = Timestamps.parseInstant(doc.get("event_time").asString());
            DomainStats stats = lookups.domain(domain);
            if (stats == null) {
                tally.domainMisses++;
            } else {
                tally.domainHits++;
            }
            // Not in the table yet means this very query is (one of) the first: first seen = now.
            Instant firstSeen = stats == null || eventTime.isBefore(stats.firstSeen()) ? eventTime : stats.firstSeen();
            newlyObserved = Duration.between(firstSeen, eventTime).compareTo(NEWLY_OBSERVED_WITHIN) < 0;
        }
        doc.put(DnsNormalizer.NEWLY_OBSERVED, newlyObserved);
    }

    private static ArrayNode array(ObjectNode doc, String field) {
        return (ArrayNode) doc.get(field);
    }

    private static void fill(ArrayNode array, Iterable<String> values) {
        array.removeAll();
        values.forEach(array::add);
    }
}
