package dev.gpuarb.connectors.awsspot;

import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.PriceLimits;
import dev.gpuarb.vocab.CurrencyRates;
import dev.gpuarb.vocab.GpuModels;
import java.util.Set;

/** Parses a whole spot history dump the way the replay source does, for tests. */
public final class SpotPriceTestSupport {

    private SpotPriceTestSupport() {}

    public static ParseResult parseAll(String text, String location, String productDescription) {
        SpotPriceMapper mapper = new SpotPriceMapper(
                AwsSpotReplaySource.SOURCE,
                Set.of(productDescription),
                GpuModels.awsGpuFamilies(),
                CurrencyRates.defaults(),
                PriceLimits.defaults());
        ParseResult result = new ParseResult();
        for (SpotHistoryUnits.Unit unit : SpotHistoryUnits.cut(text, location, AwsSpotReplaySource.SOURCE)) {
            if (unit.rejection() != null) {
                result.reject(unit.rejection());
            } else if (unit.event() != null) {
                mapper.map(unit.event(), result);
            }
        }
        return result;
    }
}
