package dev.gpuarb.engines.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SASL_SSL for the embedded broker: a private CA made on the spot signs the broker's certificate
 * for 127.0.0.1, clients authenticate with SCRAM-SHA-512, and the users exist from the first start
 * because they are written into the KRaft bootstrap metadata when the data directory is formatted.
 * The client listener is the only one clients can use; the controller listener stays internal.
 *
 * <p>Use {@link #brokerConfig()} for {@link EmbeddedKafkaBroker#start(EmbeddedKafkaBroker.Config)}
 * and {@link #clientProperties(String, String)} for every client (producers, consumers, Admin,
 * Connect, Streams). Secrets are never logged: Kafka logs password-typed settings as [hidden].
 */
public final class BrokerSecurity {

    public static final String MECHANISM = "SCRAM-SHA-512";
    /** Not a Kafka setting: carries SCRAM users to the formatter and is removed before the broker sees it. */
    static final String FORMAT_SCRAM_USERS = "gpuarb.format.scram.users";

    private final Path truststore;
    private final String truststorePassword;
    private final Path keystore;
    private final String keystorePassword;
    private final Map<String, String> users;
    private final String brokerUser;

    private BrokerSecurity(Path dir, Map<String, String> users, String brokerUser) {
        this.users = new LinkedHashMap<>(users);
        this.brokerUser = brokerUser;
        this.keystore = dir.resolve("broker.p12");
        this.truststore = dir.resolve("truststore.p12");
        this.keystorePassword = randomSecret();
        this.truststorePassword = randomSecret();
        TestCertificates.issue(dir, keystore, keystorePassword, truststore, truststorePassword);
    }

    /**
     * Makes a CA and a broker certificate in {@code dir}. {@code users} maps SCRAM user names to
     * passwords; {@code brokerUser}, one of them, is what the broker itself authenticates as.
     */
    public static BrokerSecurity saslSsl(Path dir, Map<String, String> users, String brokerUser) {
        if (!users.containsKey(brokerUser)) {
            throw new IllegalArgumentException("the broker user must be one of the SCRAM users");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BrokerSecurity(dir, users, brokerUser);
    }

    /** Broker settings: the client listener speaks SASL_SSL with SCRAM-SHA-512. */
    public EmbeddedKafkaBroker.Config brokerConfig() {
        Map<String, Object> server = new HashMap<>();
        server.put("listener.security.protocol.map", "BROKER:SASL_SSL,CONTROLLER:PLAINTEXT");
        server.put("sasl.enabled.mechanisms", MECHANISM);
        server.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        server.put(
                "listener.name.broker." + MECHANISM.toLowerCase() + ".sasl.jaas.config",
                jaas(brokerUser, users.get(brokerUser)));
        server.put("ssl.keystore.type", "PKCS12");
        server.put("ssl.keystore.location", keystore.toString());
        server.put("ssl.keystore.password", keystorePassword);
        server.put("ssl.key.password", keystorePassword);
        server.put("ssl.truststore.type", "PKCS12");
        server.put("ssl.truststore.location", truststore.toString());
        server.put("ssl.truststore.password", truststorePassword);
        server.put(FORMAT_SCRAM_USERS, scramArguments(users));
        return EmbeddedKafkaBroker.Config.defaults()
                .withOverrides(server, clientProperties(brokerUser, users.get(brokerUser)));
    }

    /** What any Kafka client needs, besides bootstrap.servers, to connect as {@code user}. */
    public Map<String, Object> clientProperties(String user, String password) {
        Map<String, Object> p = new HashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", jaas(user, password));
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", truststore.toString());
        p.put("ssl.truststore.password", truststorePassword);
        return p;
    }

    public Path truststore() {
        return truststore;
    }

    public String truststorePassword() {
        return truststorePassword;
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    private static List<String> scramArguments(Map<String, String> users) {
        List<String> args = new ArrayList<>();
        users.forEach((u, p) -> args.add(MECHANISM + "=[name=" + u + ",password=" + p + "]"));
        return args;
    }

    /** The SCRAM users to write at format time, from the broker overrides (none when not secured). */
    @SuppressWarnings("unchecked")
    static List<String> formatScramArguments(Map<String, Object> overrides) {
        Object users = overrides.get(FORMAT_SCRAM_USERS);
        return users == null ? List.of() : (List<String>) users;
    }

    /** The broker properties without the format-only entries. */
    static Map<String, Object> withoutFormatSettings(Map<String, Object> props) {
        props.remove(FORMAT_SCRAM_USERS);
        return props;
    }

    private static String randomSecret() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A CA and a broker certificate for 127.0.0.1, made with the JDK's keytool. */
    static final class TestCertificates {

        private TestCertificates() {}

        static void issue(
                Path dir, Path keystore, String keystorePassword, Path truststore, String truststorePassword) {
            String caPassword = randomSecret();
            Path ca = dir.resolve("ca.p12");
            Path caCert = dir.resolve("ca.crt");
            Path csr = dir.resolve("broker.csr");
            Path brokerCert = dir.resolve("broker.crt");
            String san = "SAN=ip:127.0.0.1,dns:localhost";
            keytool(
                    "-genkeypair",
                    "-alias",
                    "ca",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-dname",
                    "CN=gpuarb local CA",
                    "-ext",
                    "bc:c",
                    "-validity",
                    "30",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    ca.toString(),
                    "-storepass",
                    caPassword);
            keytool(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "ca",
                    "-keystore",
                    ca.toString(),
                    "-storepass",
                    caPassword,
                    "-file",
                    caCert.toString());
            keytool(
                    "-genkeypair",
                    "-alias",
                    "broker",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-dname",
                    "CN=127.0.0.1",
                    "-ext",
                    san,
                    "-validity",
                    "30",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    keystorePassword);
            keytool(
                    "-certreq",
                    "-alias",
                    "broker",
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    keystorePassword,
                    "-file",
                    csr.toString());
            keytool(
                    "-gencert",
                    "-rfc",
                    "-alias",
                    "ca",
                    "-keystore",
                    ca.toString(),
                    "-storepass",
                    caPassword,
                    "-infile",
                    csr.toString(),
                    "-outfile",
                    brokerCert.toString(),
                    "-ext",
                    san,
                    "-validity",
                    "30");
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "ca",
                    "-file",
                    caCert.toString(),
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    keystorePassword);
            keytool(
                    "-importcert",
                    "-alias",
                    "broker",
                    "-file",
                    brokerCert.toString(),
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    keystorePassword);
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "ca",
                    "-file",
                    caCert.toString(),
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    truststore.toString(),
                    "-storepass",
                    truststorePassword);
        }

        private static void keytool(String... args) {
            List<String> command = new ArrayList<>();
            command.add(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
            command.addAll(List.of(args));
            try {
                Process p =
                        new ProcessBuilder(command).redirectErrorStream(true).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    // keytool's own output names the problem; the command line (with passwords) is not repeated.
                    throw new IllegalStateException("keytool " + args[0] + " failed: " + out.strip());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run keytool", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running keytool", e);
            }
        }
    }
}
