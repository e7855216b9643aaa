package dev.gpuarb.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's transport behaviour (auth header, TLS trust, retries, error mapping) against a
 * loopback HTTP server that answers as the Confluent API documents. The registry semantics
 * themselves are tested against the real registry elsewhere.
 */
class RestSchemaRegistryClientTest {

    private static final Schema SCHEMA = new Schema.Parser()
            .parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");

    private HttpServer server;
    private final List<String> authHeaders = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void sendsBasicAuthFromUserInfoAndNeverPrintsThePassword() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            authHeaders.add(ex.getRequestHeaders().getFirst("Authorization"));
            respond(ex, 200, "{\"id\":7}");
        });
        server.start();
        RegistryClientConfig config = RegistryClientConfig.fromProperties(Map.of(
                "schema.registry.url",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "basic.auth.credentials.source",
                "USER_INFO",
                "basic.auth.user.info",
                new Password("svc:s3cr3t")));
        assertThat(new RestSchemaRegistryClient(config).register("s", SCHEMA)).isEqualTo(7);
        assertThat(authHeaders).containsExactly("Basic c3ZjOnMzY3IzdA==");
        assertThat(config.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void userInfoWithoutColonIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> RegistryClientConfig.fromProperties(Map.of(
                        "schema.registry.url", "http://127.0.0.1:1",
                        "basic.auth.credentials.source", "USER_INFO",
                        "basic.auth.user.info", "justapassword")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("user:password")
                .hasMessageNotContaining("justapassword");
    }

    @Test
    void trustsTheConfiguredTruststoreOverHttps() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path cert = dir.resolve("server.crt");
        Path truststore = dir.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "registry",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit");
        keytool(
                "-exportcert",
                "-alias",
                "registry",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-rfc",
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "registry",
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                truststore.toString(),
                "-storepass",
                "trustpass");

        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext(keystore)));
        https.createContext("/", ex -> respond(ex, 200, "{\"schema\":" + quote(SCHEMA.toString()) + "}"));
        https.start();
        server = https;
        String url = "https://127.0.0.1:" + https.getAddress().getPort();

        RegistryClientConfig trusted = RegistryClientConfig.fromProperties(Map.of(
                "schema.registry.url",
                url,
                "schema.registry.ssl.truststore.location",
                truststore.toString(),
                "schema.registry.ssl.truststore.password",
                "trustpass",
                "schema.registry.retries",
                "0"));
        assertThat(new RestSchemaRegistryClient(trusted).schemaById(3)).isEqualTo(SCHEMA);

        // Without the truststore the self-signed certificate is not trusted.
        RegistryClientConfig untrusted =
                RegistryClientConfig.fromProperties(Map.of("schema.registry.url", url, "schema.registry.retries", "0"));
        assertThatThrownBy(() -> new RestSchemaRegistryClient(untrusted).schemaById(3))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("schema id=3");
    }

    @Test
    void retriesServerErrorsThenSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            if (calls.incrementAndGet() < 3) {
                respond(ex, 503, "{\"error_code\":50003,\"message\":\"busy\"}");
            } else {
                respond(ex, 200, "{\"id\":11}");
            }
        });
        server.start();
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(Map.of(
                "schema.registry.url",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "schema.registry.retries",
                "3",
                "schema.registry.retry.backoff.ms",
                "1")));
        assertThat(client.register("s", SCHEMA)).isEqualTo(11);
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void mapsNotFoundAndConflictToTypedExceptions() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/schemas", ex -> respond(ex, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"));
        server.createContext("/subjects", ex -> respond(ex, 409, "{\"error_code\":409,\"message\":\"incompatible\"}"));
        server.start();
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.of(
                "http://127.0.0.1:" + server.getAddress().getPort()));
        assertThatThrownBy(() -> client.schemaById(99))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("schema id=99")
                .hasMessageContaining("40403");
        assertThatThrownBy(() -> client.register("prices.gpu-value", SCHEMA))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("subject=prices.gpu-value");
    }

    private static SSLContext serverContext(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static void keytool(String... args) throws Exception {
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(keytool));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("keytool %s: %s", args[0], out).isZero();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
