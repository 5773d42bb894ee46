package io.databroker.enrich.extract;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.common.net.InternetDomainName;

/**
 * The registrable domain of a host name or URL by the Public Suffix List (Guava's bundled copy, ICANN and private
 * sections, as browsers use it): {@code www.example.co.uk} → {@code example.co.uk}, {@code user.github.io} →
 * {@code user.github.io}. Null for IP literals, public suffixes themselves, single labels, names under no known
 * suffix and reverse-DNS names under {@code .arpa}, which name addresses rather than registrants.
 *
 * <p>Not thread-safe (a small per-instance cache): one instance per Streams processor.
 */
public final class RegistrableDomains {

    private static final Pattern URL_HOST = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(\\[[^\\]]*]|[^/?#:]*)");
    private static final int CACHE_SIZE = 4_096;

    /** Access-ordered LRU: DNS traffic repeats the same names, and the suffix lookup is the costly part. */
    private final Map<String, String> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** The registrable domain of a URL's host, or null. */
    public String ofUrl(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = URL_HOST.matcher(url);
        return m.lookingAt() ? ofHost(m.group(1)) : null; // anchored at 0: find() would only retry every later position
    }

    /** The registrable domain of a host or DNS name (trailing dot and case ignored), or null. */
    public String ofHost(String host) {
        if (host == null) {
            return null;
        }
        String key = host.strip().toLowerCase(Locale.ROOT);
        String cached = cache.get(key);
        if (cached != null) {
            return cached.isEmpty() ? null : cached;
        }
        String domain = compute(key);
        cache.put(key, domain == null ? "" : domain);
        return domain;
    }

    private static String compute(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.startsWith("[") || name.equals("arpa") || name.endsWith(".arpa")) {
            return null;
        }
        InternetDomainName parsed;
        try {
            parsed = InternetDomainName.from(name); // what isValid does, without parsing the name twice
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!parsed.isUnderPublicSuffix()) {
            return null;
        }
        return parsed.topPrivateDomain().toString();
    }
}
