package dev.gpuarb.sink.clickhouse.migrate;

import dev.gpuarb.sink.clickhouse.reference.ReferenceData;
import dev.gpuarb.sink.clickhouse.selfhost.ThroughputTables;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migrations shipped in this jar, under {@code db/migration/V<nnn>__<name>.sql}. They are listed
 * here rather than found by scanning, because classpath scanning is unreliable inside plugin jars.
 */
public final class MigrationCatalog {

    static final String LOCATION = "db/migration/";
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d{3})__([a-z0-9_]+)\\.sql");

    static final List<String> FILES = List.of(
            "V001__gpu_prices.sql",
            "V002__token_prices.sql",
            "V003__regional_spreads.sql",
            "V004__time_of_day_profiles.sql",
            "V005__endpoint_latency.sql",
            "V006__route_updates.sql",
            "V007__spot_bids.sql",
            "V008__arbitrage_alerts.sql",
            "V009__rejected_records.sql",
            "V010__hourly_ohlc.sql",
            "V011__sink_state.sql",
            "V012__task_margins.sql",
            "V013__economics_views.sql",
            "V014__sink_state_epoch.sql",
            "V015__offer_liveness.sql",
            "V016__self_hosting_economics.sql",
            "V017__route_self_hosting.sql",
            "V018__host_scores.sql",
            "V019__ohlc_in_effect.sql");

    /** Contents computed in Java, refreshed after the migrations on every run. */
    static final List<ReferenceData> REFERENCE_DATA = List.of(new ThroughputTables());

    private MigrationCatalog() {}

    /** All migrations, ascending by version. */
    public static List<Migration> load() {
        List<Migration> out = new ArrayList<>();
        for (String file : FILES) {
            Matcher m = FILE_NAME.matcher(file);
            if (!m.matches()) {
                throw new IllegalStateException("migration file name must look like V001__name.sql: " + file);
            }
            out.add(new Migration(Integer.parseInt(m.group(1)), m.group(2), read(LOCATION + file)));
        }
        out.sort(Comparator.comparingInt(Migration::version));
        return List.copyOf(out);
    }

    /** What the migrator refreshes after the migrations. */
    public static List<ReferenceData> referenceData() {
        return REFERENCE_DATA;
    }

    private static String read(String resource) {
        try (InputStream in = MigrationCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration resource missing from the jar: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
