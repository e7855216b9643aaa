package dev.gpuarb.registry;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Registry connection settings, read from the same keys Confluent's clients use so existing
 * configurations carry over.
 *
 * <ul>
 *   <li>{@code schema.registry.url}: comma-separated base URLs, tried in order
 *       (for Apicurio: {@code http://host:port/apis/ccompat/v7}); {@code mock://scope} selects an
 *       in-process registry for unit tests</li>
 *   <li>{@code basic.auth.credentials.source=USER_INFO} with {@code basic.auth.user.info=user:password}</li>
 *   <li>{@code schema.registry.ssl.truststore.location|password|type},
 *       {@code schema.registry.ssl.keystore.location|password|type}, {@code schema.registry.ssl.key.password}</li>
 *   <li>{@code schema.registry.request.timeout.ms} (default 10000), {@code schema.registry.retries}
 *       (default 3), {@code schema.registry.retry.backoff.ms} (default 200, doubled per retry)</li>
 * </ul>
 */
public record RegistryClientConfig(
        List<String> urls,
        String userInfo,
        TlsSettings tls,
        Duration requestTimeout,
        int retries,
        Duration retryBackoff) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String RETRIES = "schema.registry.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    public static final String MOCK_SCHEME = "mock://";

    public RegistryClientConfig {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new ConfigException(URL, "", "at least one schema registry URL is required");
        }
    }

    public static RegistryClientConfig of(String url) {
        return new RegistryClientConfig(
                List.of(url), null, TlsSettings.NONE, Duration.ofSeconds(10), 3, Duration.ofMillis(200));
    }

    public static RegistryClientConfig fromProperties(Map<String, ?> props) {
        Object rawUrl = props.get(URL);
        if (rawUrl == null || rawUrl.toString().isBlank()) {
            throw new ConfigException(URL, rawUrl, "missing: set it to the schema registry's base URL");
        }
        List<String> urls = Arrays.stream(rawUrl.toString().split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(RegistryClientConfig::stripSlash)
                .toList();
        String userInfo = null;
        Object source = props.get(BASIC_AUTH_SOURCE);
        if (source != null && !source.toString().isBlank()) {
            if (!"USER_INFO".equalsIgnoreCase(source.toString())) {
                throw new ConfigException(BASIC_AUTH_SOURCE, source, "only USER_INFO is supported");
            }
            String info = secretOrString(props.get(BASIC_AUTH_USER_INFO));
            if (info == null || !info.contains(":")) {
                // Never echo the value: it holds a password.
                throw new ConfigException(BASIC_AUTH_USER_INFO + " must be set as user:password when "
                        + BASIC_AUTH_SOURCE + "=USER_INFO");
            }
            userInfo = info;
        }
        return new RegistryClientConfig(
                urls,
                userInfo,
                TlsSettings.fromProperties(props),
                Duration.ofMillis(longValue(props, REQUEST_TIMEOUT_MS, 10_000)),
                (int) longValue(props, RETRIES, 3),
                Duration.ofMillis(longValue(props, RETRY_BACKOFF_MS, 200)));
    }

    /** True when the URL selects the in-process registry ({@code mock://scope}). */
    public boolean isMock() {
        return urls.get(0).startsWith(MOCK_SCHEME);
    }

    /** Kafka hands password-type settings over as {@link Password}, whose toString hides the value. */
    static String secretOrString(Object v) {
        if (v == null) {
            return null;
        }
        String s = v instanceof Password p ? p.value() : v.toString();
        return s.isBlank() ? null : s;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static long longValue(Map<String, ?> props, String key, long defaultValue) {
        Object v = props.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            long parsed = v instanceof Number n
                    ? n.longValue()
                    : Long.parseLong(v.toString().trim());
            if (parsed < 0) {
                throw new ConfigException(key, v, "must be >= 0");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, v, "not a number");
        }
    }

    /** Never print the password. */
    @Override
    public String toString() {
        return "RegistryClientConfig{urls=" + urls + ", basicAuth=" + (userInfo != null) + ", tls=" + tls.enabled()
                + ", requestTimeout=" + requestTimeout + ", retries=" + retries + '}';
    }
}
