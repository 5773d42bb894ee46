package io.databroker.hot.index;

import java.io.IOException;
import java.util.Collection;

import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.hot.config.HotWriterProperties;
import io.databroker.shared.topic.Source;
import tools.jackson.databind.node.ObjectNode;

/**
 * Installs one composable index template per source from {@code deploy/elasticsearch/index-templates} (packaged as
 * {@code elasticsearch/index-templates/<source>_recent.json}). The files hold the production defaults; this class
 * overwrites the parts that are configuration (shards, replicas, refresh interval, text analyzer, the ILM settings,
 * the name prefix), so operators and the writer share one copy of the mappings. {@code PUT _index_template} replaces a
 * template of the same name, so installing at every start is idempotent; existing daily indices keep their
 * mappings, new ones pick up the new template.
 */
public final class IndexTemplates {

    private static final Logger log = LoggerFactory.getLogger(IndexTemplates.class);

    static final String RESOURCE = "elasticsearch/index-templates/%s_recent.json";

    private final RestClient rest;
    private final DailyIndexRouter router;
    private final HotWriterProperties.Hot settings;

    public IndexTemplates(RestClient rest, DailyIndexRouter router, HotWriterProperties.Hot settings) {
        this.rest = rest;
        this.router = router;
        this.settings = settings;
    }

    /** Puts the template of every source; returns after Elasticsearch acknowledged them all. */
    public void install(Collection<Source> sources) throws IOException {
        for (Source source : sources) {
            Request request = new Request("PUT", "/_index_template/" + router.templateName(source));
            request.setJsonEntity(render(source).toString());
            rest.performRequest(request);
        }
        log.info("installed index templates {} (shards {}, replicas {}, analyzer {}, ILM {})",
                sources.stream().map(router::templateName).toList(), settings.numberOfShards(),
                settings.numberOfReplicas(), settings.textAnalyzer(), settings.ilm().enabled() ? "on" : "off");
    }

    /** The template body for {@code source}: the packaged file with this deployment's settings applied. */
    public ObjectNode render(Source source) {
        ObjectNode body = JsonResources.load(RESOURCE.formatted(source.id()));
        body.putArray("index_patterns").add(router.indexPattern(source));
        ObjectNode template = body.withObjectProperty("template");
        template.putObject("aliases").putObject(router.alias(source));

        ObjectNode index = template.withObjectProperty("settings").withObjectProperty("index");
        index.put("number_of_shards", settings.numberOfShards());
        index.put("number_of_replicas", settings.numberOfReplicas());
        index.put("refresh_interval", ElasticsearchDurations.format(settings.refreshInterval()));
        index.withObjectProperty("analysis").withObjectProperty("analyzer").withObjectProperty("default")
                .put("type", settings.textAnalyzer());
        if (settings.ilm().enabled()) {
            index.withObjectProperty("lifecycle").put("name", IndexLifecycle.POLICY).put("parse_origination_date", true);
        } else {
            // A cluster without ILM rejects the whole template over an unknown index.lifecycle.* setting.
            index.remove("lifecycle");
        }
        return body;
    }
}
