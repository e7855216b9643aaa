package dev.gpuarb.connectors.skypilot;

import dev.gpuarb.connectors.core.CommonSourceConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Config of the SkyPilot catalog connector. */
public final class SkyPilotCatalogConfig extends CommonSourceConfig {

    public static final String LOCATIONS = "catalog.locations";
    public static final String PROVIDERS = "catalog.providers";
    public static final String MARKETPLACE_PROVIDERS = "catalog.marketplace.providers";

    public static final ConfigDef CONFIG_DEF = define();

    private static ConfigDef define() {
        ConfigDef def = new ConfigDef()
                .define(
                        LOCATIONS,
                        Type.LIST,
                        ConfigDef.NO_DEFAULT_VALUE,
                        Importance.HIGH,
                        "Catalog files or URLs (vms.csv layout): local paths, file: URIs or http(s) URLs.")
                .define(
                        PROVIDERS,
                        Type.LIST,
                        List.of(),
                        Importance.MEDIUM,
                        "Provider id per location, in the same order. When empty, taken from the file name "
                                + "(lambda-vms.csv -> lambda) or, for .../<provider>/vms.csv, the directory.")
                .define(
                        MARKETPLACE_PROVIDERS,
                        Type.LIST,
                        List.of("vast"),
                        Importance.LOW,
                        "Providers whose list price is a marketplace listing (pricing model MARKETPLACE, not ON_DEMAND).");
        return CommonSourceConfig.define(def, 3_600_000L);
    }

    public SkyPilotCatalogConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public List<String> locations() {
        return getList(LOCATIONS);
    }

    /** The provider of the i-th location. */
    public String provider(int i) {
        List<String> providers = getList(PROVIDERS);
        if (!providers.isEmpty()) {
            if (providers.size() != locations().size()) {
                throw new org.apache.kafka.common.config.ConfigException(
                        PROVIDERS, providers, "needs one provider per location");
            }
            return providers.get(i).toLowerCase(Locale.ROOT);
        }
        return providerFromLocation(locations().get(i));
    }

    static String providerFromLocation(String location) {
        String path = location.replace('\\', '/');
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        String[] parts = path.split("/");
        String file = parts[parts.length - 1];
        if (file.equalsIgnoreCase("vms.csv") && parts.length > 1) {
            return parts[parts.length - 2].toLowerCase(Locale.ROOT);
        }
        int dash = file.indexOf('-');
        String stem = dash > 0 ? file.substring(0, dash) : file.replaceFirst("\\.csv$", "");
        return stem.toLowerCase(Locale.ROOT);
    }

    public Set<String> marketplaceProviders() {
        Set<String> set = new HashSet<>();
        getList(MARKETPLACE_PROVIDERS).forEach(p -> set.add(p.toLowerCase(Locale.ROOT)));
        return set;
    }
}
