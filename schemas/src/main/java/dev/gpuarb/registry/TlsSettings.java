package dev.gpuarb.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/** Trust and key stores for HTTPS to the registry (keys as in Confluent's clients). */
public record TlsSettings(
        String truststoreLocation,
        String truststorePassword,
        String truststoreType,
        String keystoreLocation,
        String keystorePassword,
        String keystoreType,
        String keyPassword) {

    public static final String PREFIX = "schema.registry.ssl.";
    public static final TlsSettings NONE = new TlsSettings(null, null, null, null, null, null, null);

    static TlsSettings fromProperties(Map<String, ?> props) {
        return new TlsSettings(
                str(props, "truststore.location"),
                str(props, "truststore.password"),
                str(props, "truststore.type"),
                str(props, "keystore.location"),
                str(props, "keystore.password"),
                str(props, "keystore.type"),
                str(props, "key.password"));
    }

    public boolean enabled() {
        return truststoreLocation != null || keystoreLocation != null;
    }

    /** An SSLContext from the configured stores; the JVM default when none are set. */
    public SSLContext sslContext() {
        try {
            if (!enabled()) {
                return SSLContext.getDefault();
            }
            TrustManagerFactory tmf = null;
            if (truststoreLocation != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(truststoreLocation, truststorePassword, truststoreType, "truststore"));
            }
            KeyManagerFactory kmf = null;
            if (keystoreLocation != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                String keyPw = keyPassword != null ? keyPassword : keystorePassword;
                kmf.init(
                        load(keystoreLocation, keystorePassword, keystoreType, "keystore"),
                        keyPw == null ? new char[0] : keyPw.toCharArray());
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("schema registry TLS settings are unusable: " + e.getMessage());
        }
    }

    private static KeyStore load(String location, String password, String type, String what)
            throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(type == null ? "PKCS12" : type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            ks.load(in, password == null ? null : password.toCharArray());
        } catch (IOException e) {
            throw new ConfigException(
                    PREFIX + what + ".location", location, "cannot read " + what + ": " + e.getMessage());
        }
        return ks;
    }

    private static String str(Map<String, ?> props, String suffix) {
        return RegistryClientConfig.secretOrString(props.get(PREFIX + suffix));
    }

    @Override
    public String toString() {
        return "TlsSettings{truststore=" + truststoreLocation + ", keystore=" + keystoreLocation + '}';
    }
}
