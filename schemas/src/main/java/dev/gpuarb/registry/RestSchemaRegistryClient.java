package dev.gpuarb.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client for the Confluent Schema Registry REST API over the JDK's HTTP client.
 *
 * <p>Written here because Confluent's own client is not published to Maven Central, and Apicurio's
 * client speaks only Apicurio's native API. The JDK client covers what is needed (TLS, timeouts,
 * HTTP/1.1), so no further HTTP library is pulled in. It does not cache: wrap it in
 * {@link CachingSchemaRegistryClient}.
 *
 * <p>Connection failures and 5xx answers are retried with exponential backoff, then fail with
 * {@link RegistryUnavailableException}; 4xx answers fail at once with a typed exception.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final String authHeader;

    public RestSchemaRegistryClient(RegistryClientConfig config) {
        this.config = config;
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(config.requestTimeout()).version(HttpClient.Version.HTTP_1_1);
        if (config.tls().enabled()) {
            builder.sslContext(config.tls().sslContext());
        }
        this.http = builder.build();
        this.authHeader = config.userInfo() == null
                ? null
                : "Basic "
                        + Base64.getEncoder().encodeToString(config.userInfo().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writers that create the same new subject at once race inside the registry; the real registry
     * answers the losers 409 "... already exists". The subject exists then, so the same request
     * succeeds when sent again; a few tries cover writers that keep colliding.
     */
    private static final int CREATE_RACE_TRIES = 5;

    @Override
    public int register(String subject, Schema schema) {
        for (int attempt = 1; ; attempt++) {
            try {
                JsonNode body =
                        call("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema), subject, null);
                return body.path("id").asInt();
            } catch (IncompatibleSchemaException e) {
                if (attempt >= CREATE_RACE_TRIES
                        || e.getMessage() == null
                        || !e.getMessage().contains("already exists")) {
                    throw e;
                }
                log.debug("subject {} was created by another writer at the same time; registering again", subject);
                sleep(config.retryBackoff().toMillis() * attempt);
            }
        }
    }

    @Override
    public int lookup(String subject, Schema schema) {
        JsonNode body = call("POST", "/subjects/" + enc(subject), schemaBody(schema), subject, null);
        return body.path("id").asInt();
    }

    @Override
    public Schema schemaById(int id) {
        JsonNode body = call("GET", "/schemas/ids/" + id, null, null, id);
        return parse(body.path("schema").asText(), null, id);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode body = call("GET", "/subjects/" + enc(subject) + "/versions/latest", null, subject, null);
        int id = body.path("id").asInt();
        return new RegisteredSchema(
                subject,
                id,
                body.path("version").asInt(),
                parse(body.path("schema").asText(), subject, id));
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        JsonNode body;
        try {
            body = call(
                    "POST",
                    "/compatibility/subjects/" + enc(subject) + "/versions/latest?verbose=true",
                    schemaBody(schema),
                    subject,
                    null);
        } catch (SchemaNotFoundException e) {
            // Nothing registered yet: anything is compatible with nothing.
            return CompatibilityResult.ok();
        }
        List<String> messages = new ArrayList<>();
        body.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityResult(body.path("is_compatible").asBoolean(false), messages);
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode req = JSON.createObjectNode().put("compatibility", level.name());
        call("PUT", subject == null ? "/config" : "/config/" + enc(subject), req, subject, null);
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        JsonNode body = call("GET", subject == null ? "/config" : "/config/" + enc(subject), null, subject, null);
        String level = body.has("compatibilityLevel")
                ? body.path("compatibilityLevel").asText()
                : body.path("compatibility").asText();
        return CompatibilityLevel.valueOf(level);
    }

    @Override
    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        call("GET", "/subjects", null, null, null).forEach(n -> out.add(n.asText()));
        return out;
    }

    @Override
    public void deleteSubject(String subject) {
        call("DELETE", "/subjects/" + enc(subject), null, subject, null);
    }

    private JsonNode call(String method, String path, JsonNode body, String subject, Integer id) {
        RegistryUnavailableException last = null;
        long backoff = config.retryBackoff().toMillis();
        for (int attempt = 0; attempt <= config.retries(); attempt++) {
            for (String base : config.urls()) {
                try {
                    return callOnce(base, method, path, body, subject, id);
                } catch (RegistryUnavailableException e) {
                    last = e;
                    log.debug(
                            "schema registry {} {}{} failed (attempt {}): {}",
                            method,
                            base,
                            path,
                            attempt + 1,
                            e.getMessage());
                }
            }
            if (attempt < config.retries()) {
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
        throw last;
    }

    private JsonNode callOnce(String base, String method, String path, JsonNode body, String subject, Integer id) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (authHeader != null) {
            req.header("Authorization", authHeader);
        }
        if (body != null) {
            req.header("Content-Type", CONTENT_TYPE);
            req.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RegistryUnavailableException(
                    "schema registry unreachable at " + base + " (" + method + " " + path + ")" + describe(subject, id)
                            + ": " + e,
                    subject,
                    id,
                    0,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException(
                    "interrupted calling the schema registry at " + base, subject, id, 0, e);
        }
        int status = resp.statusCode();
        JsonNode json = readJson(resp.body());
        if (status >= 200 && status < 300) {
            return json;
        }
        int errorCode = json.path("error_code").asInt(status);
        String message = json.path("message").asText(resp.body());
        String where = describe(subject, id);
        if (status >= 500) {
            throw new RegistryUnavailableException(
                    "schema registry at " + base + " answered " + status + " for " + method + " " + path + where + ": "
                            + message,
                    subject,
                    id,
                    status,
                    null);
        }
        if (status == 404) {
            throw new SchemaNotFoundException(
                    "schema registry has no " + notFoundWhat(errorCode) + where + " (" + errorCode + ": " + message
                            + ")",
                    subject,
                    id,
                    status,
                    errorCode);
        }
        if (status == 409) {
            throw new IncompatibleSchemaException(
                    "schema registry refused the schema" + where
                            + " as incompatible with the subject's compatibility level (" + errorCode + ": " + message
                            + ")",
                    subject,
                    status,
                    errorCode);
        }
        throw new SchemaRegistryException(
                "schema registry refused " + method + " " + path + where + " with " + status + " (" + errorCode + ": "
                        + message + ")",
                subject,
                id,
                status,
                errorCode,
                null);
    }

    private static String notFoundWhat(int errorCode) {
        return switch (errorCode) {
            case 40401 -> "such subject";
            case 40402 -> "such version";
            case 40403 -> "such schema";
            default -> "such entry";
        };
    }

    static String describe(String subject, Integer id) {
        StringBuilder sb = new StringBuilder();
        if (subject != null) {
            sb.append(" [subject=").append(subject).append(']');
        }
        if (id != null) {
            sb.append(" [schema id=").append(id).append(']');
        }
        return sb.toString();
    }

    private static JsonNode readJson(String text) {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", text.length() > 300 ? text.substring(0, 300) : text);
        }
    }

    private static JsonNode schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private static Schema parse(String text, String subject, Integer id) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new SchemaRegistryException(
                    "schema registry returned an unparseable Avro schema" + describe(subject, id) + ": "
                            + e.getMessage(),
                    subject,
                    id);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient" + config;
    }
}
