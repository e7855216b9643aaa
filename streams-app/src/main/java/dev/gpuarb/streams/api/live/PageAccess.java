package dev.gpuarb.streams.api.live;

import dev.gpuarb.streams.api.http.Exchange;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The API token for the live page and its event stream. A browser's EventSource cannot send an
 * Authorization header, so these two paths (only these) also take the token from the {@code token}
 * query parameter or from the {@code gpuarb_token} cookie, which the page sets when opened with the
 * parameter (HttpOnly, SameSite=Strict). The page's script then opens the event stream without the
 * parameter, so the token stays out of every URL after the first.
 */
public final class PageAccess {

    public static final String QUERY_PARAMETER = "token";
    public static final String COOKIE = "gpuarb_token";

    private final String token;

    public PageAccess(String token) {
        this.token = token == null ? "" : token;
    }

    public boolean required() {
        return !token.isEmpty();
    }

    /** The Authorization header only: what every API path but /health needs. */
    public boolean bearer(Exchange exchange) {
        if (!required()) {
            return true;
        }
        String header = exchange.header("Authorization");
        return header != null && same(header, "Bearer " + token);
    }

    /** For the page and the event stream: the header, the query parameter or the cookie. */
    public boolean page(Exchange exchange, Map<String, String> query) {
        if (bearer(exchange)) {
            return true;
        }
        String fromQuery = query.get(QUERY_PARAMETER);
        if (fromQuery != null && same(fromQuery, token)) {
            return true;
        }
        for (String header : exchange.headers("Cookie")) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0
                        && pair.substring(0, eq).trim().equals(COOKIE)
                        && same(URLDecoder.decode(pair.substring(eq + 1).trim(), StandardCharsets.UTF_8), token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Set-Cookie value that lets the page's own requests (the event stream) carry the token. */
    public String cookie() {
        return COOKIE + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "; Path=/; HttpOnly; SameSite=Strict";
    }

    // constant-time comparison, so response timing does not leak the token
    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
