package dev.gpuarb.streams.stage;

import dev.gpuarb.avro.ArbitrageAlert;
import dev.gpuarb.avro.EndpointLatencySummary;
import dev.gpuarb.avro.EndpointObservation;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.MarginEvent;
import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.SpotBid;
import dev.gpuarb.avro.TaskQuote;
import dev.gpuarb.avro.TimeOfDayProfile;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.serde.AvroSerde;
import dev.gpuarb.streams.common.UnchangedBytesSerde;
import dev.gpuarb.streams.config.AppConfig;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The value serdes of the public topics, configured once from the application settings
 * ({@code schema.registry.url} and the other serde keys). Keys are plain strings everywhere.
 *
 * <p>The price serdes write a price read from its topic and passed on unchanged (validation passes a
 * price already in normal form on as the same object) as the bytes it arrived as, with no Avro encode
 * ({@link UnchangedBytesSerde}): routing stores every price it keeps. Those bytes carry the producer's
 * schema id, which may be an older version of the schema than this application's, and is not registered
 * under the store's changelog subject; that is fine, because the reader looks the writer schema up by id
 * and resolves it into the current generated class, as it did when the price arrived, so the stored
 * bytes read back as the same value. A price written so also skips {@code use.latest.version}'s check
 * of the writer schema, which only matters to readers other than this application.
 */
public record AppSerdes(
        Serde<String> key,
        Serde<GpuPriceObservation> gpuPrice,
        Serde<TokenPriceObservation> tokenPrice,
        Serde<EndpointObservation> endpointObservation,
        Serde<EndpointLatencySummary> latencySummary,
        Serde<RoutePolicy> routePolicy,
        Serde<RouteUpdate> routeUpdate,
        Serde<SpotBid> spotBid,
        Serde<RegionalSpread> regionalSpread,
        Serde<TimeOfDayProfile> timeOfDayProfile,
        Serde<ArbitrageAlert> arbitrageAlert,
        Serde<RejectedRecord> rejected,
        Serde<TaskQuote> taskQuote,
        Serde<MarginEvent> margin) {

    public static AppSerdes fromConfig(Map<String, ?> serdeProps) {
        return new AppSerdes(
                Serdes.String(),
                new UnchangedBytesSerde<>(avro(GpuPriceObservation.class, serdeProps)),
                new UnchangedBytesSerde<>(avro(TokenPriceObservation.class, serdeProps)),
                avro(EndpointObservation.class, serdeProps),
                avro(EndpointLatencySummary.class, serdeProps),
                avro(RoutePolicy.class, serdeProps),
                avro(RouteUpdate.class, serdeProps),
                avro(SpotBid.class, serdeProps),
                avro(RegionalSpread.class, serdeProps),
                avro(TimeOfDayProfile.class, serdeProps),
                avro(ArbitrageAlert.class, serdeProps),
                avro(RejectedRecord.class, serdeProps),
                avro(TaskQuote.class, serdeProps),
                avro(MarginEvent.class, serdeProps));
    }

    public static AppSerdes fromConfig(AppConfig config) {
        return fromConfig(config.asMap());
    }

    private static <T extends SpecificRecord> Serde<T> avro(Class<T> type, Map<String, ?> props) {
        AvroSerde<T> serde = AvroSerde.specific(type);
        serde.configure(props, false);
        return serde;
    }
}
