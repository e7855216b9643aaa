package dev.gpuarb.connectors.core;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a fetch may be sent on to. A redirect or a paging link that a provider answers with is
 * followed only to the origin (scheme, host and port) of the URL it came from, or to an origin the
 * configuration lists: an answer must not be able to point the worker at another host (an internal
 * address, a metadata service) or downgrade https to http.
 */
public final class LinkPolicy {

    private final Set<String> allowedOrigins;

    public LinkPolicy(Collection<String> allowedOrigins) {
        this.allowedOrigins =
                allowedOrigins.stream().map(o -> origin(URI.create(o.trim()))).collect(Collectors.toSet());
    }

    public static LinkPolicy sameOriginOnly() {
        return new LinkPolicy(Set.of());
    }

    /** Whether a link found while fetching {@code from} may be fetched. */
    public boolean mayFollow(URI from, URI to) {
        String target = origin(to);
        return target.equals(origin(from)) || allowedOrigins.contains(target);
    }

    /** {@code scheme://host:port}, lower-cased, with the scheme's default port made explicit. */
    public static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
        return scheme + "://" + host + ":" + port;
    }
}
