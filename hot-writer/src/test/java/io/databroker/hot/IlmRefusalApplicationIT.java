package io.databroker.hot;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import io.databroker.testsupport.ElasticsearchNode;
import io.databroker.testsupport.KafkaBroker;

/** The service refuses to start against a cluster without ILM unless told to run without retention. */
class IlmRefusalApplicationIT {

    @Test
    void startFailsNamingTheOptOutWhenTheClusterHasNoIlm() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(HotWriterApplication.class).properties(
                "server.port=0",
                "KAFKA_BOOTSTRAP_SERVERS=" + KafkaBroker.shared().bootstrapServers(),
                "ELASTICSEARCH_HOSTS=" + ElasticsearchNode.shared().httpUrl(),
                "broker.hot.ilm.enabled=true",
                "broker.hot.text-analyzer=standard",
                "broker.hot.index-prefix=ilmrefusal_",
                "broker.hot.sources=news");

        assertThatThrownBy(app::run)
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no index lifecycle management")
                .hasMessageContaining("broker.hot.ilm.enabled=false");
    }
}
