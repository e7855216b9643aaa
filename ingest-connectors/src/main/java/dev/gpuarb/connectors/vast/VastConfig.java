package dev.gpuarb.connectors.vast;

import dev.gpuarb.connectors.core.CommonSourceConfig;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/** Config of the Vast.ai marketplace connector. */
public final class VastConfig extends CommonSourceConfig {

    public static final String API_URL = "vast.api.url";
    public static final String API_KEY = "vast.api.key";
    public static final String VERIFIED_ONLY = "vast.verified.only";
    public static final String MIN_RELIABILITY = "vast.min.reliability";
    public static final String MAX_OFFERS = "vast.max.offers";

    public static final long DEFAULT_POLL_INTERVAL_MS = 60_000L;

    public static final ConfigDef CONFIG_DEF = CommonSourceConfig.define(
            new ConfigDef()
                    .define(
                            API_URL,
                            Type.STRING,
                            "https://console.vast.ai/api/v0/bundles/",
                            Importance.MEDIUM,
                            "Vast.ai offer search endpoint; the query is POSTed to it as JSON.")
                    .define(
                            API_KEY,
                            Type.PASSWORD,
                            null,
                            Importance.MEDIUM,
                            "Vast.ai API key, sent as 'Authorization: Bearer <key>'; empty: search without a key "
                                    + "(the public search needs none). Never logged.")
                    .define(
                            VERIFIED_ONLY,
                            Type.BOOLEAN,
                            true,
                            Importance.MEDIUM,
                            "Search only machines Vast.ai has verified (the vast-ai CLI's default).")
                    .define(
                            MIN_RELIABILITY,
                            Type.DOUBLE,
                            0.0,
                            Range.between(0.0, 1.0),
                            Importance.LOW,
                            "Search only offers whose host reliability is at least this (0..1); 0: no filter. An offer "
                                    + "whose reliability falls below it leaves the search and is withdrawn. Routes can require their own "
                                    + "minimum instead (minReliability).")
                    .define(
                            MAX_OFFERS,
                            Type.INT,
                            5000,
                            Range.between(1, 100_000),
                            Importance.LOW,
                            "Most offers asked for per search (the query's limit). A search that returns this many "
                                    + "may have been cut off: it withdraws nothing."),
            DEFAULT_POLL_INTERVAL_MS);

    public VastConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public String apiUrl() {
        return getString(API_URL);
    }

    /** The key, or empty when none is configured. */
    public Optional<String> apiKey() {
        Password key = getPassword(API_KEY);
        return key == null || key.value().isBlank()
                ? Optional.empty()
                : Optional.of(key.value().trim());
    }

    public boolean verifiedOnly() {
        return getBoolean(VERIFIED_ONLY);
    }

    public double minReliability() {
        return getDouble(MIN_RELIABILITY);
    }

    public int maxOffers() {
        return getInt(MAX_OFFERS);
    }
}
