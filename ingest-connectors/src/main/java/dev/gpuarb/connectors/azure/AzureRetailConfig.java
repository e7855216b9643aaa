package dev.gpuarb.connectors.azure;

import dev.gpuarb.connectors.core.CommonSourceConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Config of the Azure Retail Prices connector. */
public final class AzureRetailConfig extends CommonSourceConfig {

    public static final String API_URL = "azure.api.url";
    public static final String API_VERSION = "azure.api.version";
    public static final String VM_SERIES = "azure.vm.series";
    public static final String REGIONS = "azure.regions";
    public static final String CURRENCY = "azure.currency";
    public static final String FILTER = "azure.filter";
    public static final String OPERATING_SYSTEM = "azure.os";
    public static final String MAX_PAGES = "azure.max.pages";

    public static final String OS_LINUX = "linux";
    public static final String OS_WINDOWS = "windows";

    public static final ConfigDef CONFIG_DEF = CommonSourceConfig.define(
            new ConfigDef()
                    .define(
                            API_URL,
                            Type.STRING,
                            "https://prices.azure.com/api/retail/prices",
                            Importance.MEDIUM,
                            "Base URL of the Retail Prices API.")
                    .define(
                            API_VERSION,
                            Type.STRING,
                            "2023-01-01-preview",
                            Importance.LOW,
                            "api-version query parameter; empty to omit it.")
                    .define(
                            VM_SERIES,
                            Type.LIST,
                            List.of("NC", "ND", "NV", "NG"),
                            Importance.MEDIUM,
                            "VM series to ask for (armSkuName prefix after Standard_).")
                    .define(
                            REGIONS,
                            Type.LIST,
                            List.of(),
                            Importance.MEDIUM,
                            "armRegionName values to ask for; empty for every region.")
                    .define(
                            CURRENCY,
                            Type.STRING,
                            "USD",
                            Importance.LOW,
                            "currencyCode to ask for; prices are converted to USD with the rate table.")
                    .define(
                            FILTER,
                            Type.STRING,
                            "",
                            Importance.LOW,
                            "A complete OData $filter replacing the one built from the series and regions.")
                    .define(
                            OPERATING_SYSTEM,
                            Type.STRING,
                            OS_LINUX,
                            ConfigDef.ValidString.in(OS_LINUX, OS_WINDOWS),
                            Importance.LOW,
                            "Which meters to keep: Linux (product names without 'Windows') or Windows. "
                                    + "One per connector, so that offer ids stay unique.")
                    .define(
                            MAX_PAGES,
                            Type.INT,
                            1000,
                            ConfigDef.Range.atLeast(1),
                            Importance.LOW,
                            "Most pages read per poll (100 items each); reaching it, or a NextPageLink that repeats, stops the "
                                    + "paging with a rejection."),
            3_600_000L);

    public AzureRetailConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public String apiUrl() {
        return getString(API_URL);
    }

    public String apiVersion() {
        return getString(API_VERSION);
    }

    public List<String> vmSeries() {
        return getList(VM_SERIES);
    }

    public List<String> regions() {
        return getList(REGIONS);
    }

    public String currency() {
        return getString(CURRENCY);
    }

    public String filterOverride() {
        return getString(FILTER);
    }

    public boolean windows() {
        return OS_WINDOWS.equals(getString(OPERATING_SYSTEM));
    }

    public int maxPages() {
        return getInt(MAX_PAGES);
    }
}
