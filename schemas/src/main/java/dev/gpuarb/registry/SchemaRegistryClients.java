package dev.gpuarb.registry;

import java.util.Map;

/** Builds the registry client a configuration asks for. */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {}

    /** A caching REST client, or the in-process registry for {@code mock://scope} URLs. */
    public static SchemaRegistryClient create(RegistryClientConfig config) {
        if (config.isMock()) {
            return InMemorySchemaRegistry.forScope(
                    config.urls().get(0).substring(RegistryClientConfig.MOCK_SCHEME.length()));
        }
        return new CachingSchemaRegistryClient(new RestSchemaRegistryClient(config));
    }

    public static SchemaRegistryClient create(Map<String, ?> props) {
        return create(RegistryClientConfig.fromProperties(props));
    }
}
