package io.databroker.hot.ops;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.databroker.storeops.verify.VerifySettings;

/**
 * Settings of hot-writer's operations endpoints ({@code broker.ops.*}).
 *
 * @param coldBaseUri where cold-writer's Delta tables live: the same value as its {@code broker.cold.base-uri}
 *                    (env {@code BROKER_COLD_BASE_URI}, shared by both services); read by rehydrate and verify
 * @param coldHadoop  extra Hadoop settings for reading it, e.g. {@code "[fs.s3a.endpoint]"} (as cold-writer's
 *                    {@code broker.cold.hadoop})
 * @param verify      the cross-store verification
 */
@ConfigurationProperties("broker.ops")
public record HotOpsProperties(String coldBaseUri, Map<String, String> coldHadoop, VerifySettings verify) {

    public HotOpsProperties {
        coldBaseUri = coldBaseUri == null || coldBaseUri.isBlank() ? "file:./data/cold-store" : coldBaseUri;
        coldHadoop = coldHadoop == null ? Map.of() : Map.copyOf(coldHadoop);
        verify = verify == null ? VerifySettings.defaults() : verify;
    }
}
