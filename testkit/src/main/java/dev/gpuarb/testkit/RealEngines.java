package dev.gpuarb.testkit;

import dev.gpuarb.engines.kafka.EmbeddedKafkaBroker;
import dev.gpuarb.engines.registry.EmbeddedSchemaRegistry;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension giving tests a real Kafka broker and a real schema registry, started once per
 * test JVM (the first test that asks) and stopped when the run ends. Tests share them, so each test
 * uses its own topic and subject names.
 *
 * <pre>
 * &#64;ExtendWith(RealEngines.class)
 * class MyIT {
 *     &#64;Test void works(Engines engines) { ... engines.bootstrapServers() ... }
 * }
 * </pre>
 */
public final class RealEngines implements ParameterResolver {

    private static final Logger log = LoggerFactory.getLogger(RealEngines.class);
    private static final String KEY = RealEngines.class.getName();

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Engines.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return engines(extensionContext);
    }

    /** The shared engines, started on first use; stopped when the root context closes. */
    public static Engines engines(ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KEY, k -> new Running(), Running.class)
                .engines;
    }

    /** Holds the engines for the whole run; JUnit closes it when the run ends. */
    private static final class Running implements AutoCloseable {

        final Engines engines;

        Running() {
            log.info("starting real engines for this test run: Kafka broker (KRaft) and schema registry");
            EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start();
            EmbeddedKafkaBroker kafka;
            try {
                kafka = EmbeddedKafkaBroker.start();
            } catch (RuntimeException e) {
                registry.close();
                throw e;
            }
            engines = new Engines(kafka, registry);
        }

        @Override
        public void close() {
            log.info("stopping real engines");
            try {
                engines.kafka().close();
            } finally {
                engines.registry().close();
            }
        }
    }
}
