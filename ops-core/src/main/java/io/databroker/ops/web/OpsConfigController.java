package io.databroker.ops.web;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.databroker.ops.audit.SecretMasker;

/**
 * {@code GET /ops/config} (admin): the service's effective configuration, as the service resolved it from its
 * {@code application.yaml}, the environment and the other property sources, with secrets masked. Only our own and
 * the client settings are listed ({@code broker.*}, {@code spring.kafka.*}, {@code spring.application.*},
 * {@code server.*}, {@code management.*}), not the whole environment.
 */
@RestController
public class OpsConfigController {

    private static final String[] PREFIXES = {"broker.", "spring.kafka.", "spring.application.", "server.", "management."};
    /** Beyond {@link SecretMasker}: any *key (hash keys, keystore keys), JAAS configs, keystore/truststore locations. */
    private static final Pattern ALSO_SECRET = Pattern.compile("(?i).*(key|jaas|keystore|truststore)(\\W.*)?$");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private final ConfigurableEnvironment environment;

    public OpsConfigController(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @GetMapping("/ops/config")
    public Map<String, String> config() {
        Map<String, String> config = new TreeMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (ours(name) && !config.containsKey(name)) {
                        config.put(name, shown(name));
                    }
                }
            }
        }
        return config;
    }

    private String shown(String name) {
        if (SecretMasker.isSecret(name) || ALSO_SECRET.matcher(name).matches()) {
            return "***";
        }
        String value;
        try {
            value = environment.getProperty(name);
        } catch (IllegalArgumentException e) {
            return "(unresolvable: " + e.getMessage() + ")";
        }
        // user:password@host in a URL (a Kafka or Elasticsearch address) is a secret too.
        return value == null ? null : URL_USER_INFO.matcher(value).replaceAll("***@");
    }

    private static boolean ours(String name) {
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
