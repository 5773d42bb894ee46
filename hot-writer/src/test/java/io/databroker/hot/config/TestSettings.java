package io.databroker.hot.config;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binds {@link HotWriterProperties} the way the service does, so tests get the real defaults plus their overrides. */
public final class TestSettings {

    private TestSettings() {
    }

    /** {@code broker.*} properties with {@code overrides} (keys without the {@code broker.} prefix). */
    public static HotWriterProperties properties(Map<String, String> overrides) {
        Map<String, String> source = new HashMap<>();
        source.put("broker.hot.hosts", "http://127.0.0.1:9200");
        overrides.forEach((key, value) -> source.put("broker." + key, value));
        return new Binder(new MapConfigurationPropertySource(source))
                .bindOrCreate("broker", HotWriterProperties.class);
    }

    public static HotWriterProperties.Hot hot(Map<String, String> overrides) {
        return properties(overrides).hot();
    }
}
