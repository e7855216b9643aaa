package dev.gpuarb.cli.live;

import dev.gpuarb.avro.Endpoint;
import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.SelfHostEstimate;
import dev.gpuarb.avro.SpotBid;
import java.util.Locale;

/** One-line renderings of pipeline events for the terminal; upstream text is escaped ({@link TerminalText}). */
public final class Lines {

    private Lines() {}

    public static String route(RouteUpdate u) {
        return TerminalText.safe(routeText(u));
    }

    private static String routeText(RouteUpdate u) {
        if (u.getChosen() == null) {
            return String.format(Locale.ROOT, "route  %-18s NO_ROUTE  %s", u.getRouteId(), u.getReason());
        }
        String saving = u.getSavingPct() == null ? "" : String.format(Locale.ROOT, "  saving %.1f%%", u.getSavingPct());
        SelfHostEstimate self = u.getChosen().getSelfHost();
        String served = self == null
                ? ""
                : String.format(
                        Locale.ROOT,
                        "  self-hosted %s on %d GPUs: %d seqs at %.0f tok/s each",
                        self.getModel(),
                        self.getGpus(),
                        self.getConcurrency(),
                        self.getPerSequenceTokensPerSecond());
        return String.format(
                Locale.ROOT,
                "route  %-18s -> %-48s %9.4f %s%s%s  (%s)",
                u.getRouteId(),
                endpoint(u.getChosen().getEndpoint()),
                u.getChosen().getEffectivePrice(),
                u.getPriceUnit(),
                saving,
                served,
                u.getReason());
    }

    public static String spread(RegionalSpread s) {
        return TerminalText.safe(String.format(
                Locale.ROOT,
                "spread %-14s %-11s cheapest %-16s %8.4f  dearest %-16s %8.4f  spread %6.1f%%  (%d offers)",
                s.getProduct(),
                s.getPricingModel() == null ? "" : s.getPricingModel(),
                s.getCheapestRegion(),
                s.getCheapestPrice(),
                s.getDearestRegion(),
                s.getDearestPrice(),
                s.getSpreadPct(),
                s.getOfferCount()));
    }

    public static String bid(SpotBid b) {
        return TerminalText.safe(String.format(
                Locale.ROOT,
                "bid    %-40s spot %8.4f  max bid %8.4f  %-13s %s",
                b.getOfferId(),
                b.getSpotUsdPerHour(),
                b.getRecommendedMaxBidUsdPerHour(),
                b.getAction(),
                b.getReason()));
    }

    public static String policy(RoutePolicy p) {
        String product = p.getModel() != null
                ? p.getModel()
                : (p.getGpuModel() != null ? p.getGpuModel() : ">=" + p.getMinGpuMemoryGb() + "GB");
        return TerminalText.safe(String.format(
                        Locale.ROOT,
                        "%-18s %-9s %-22s maxPrice=%s maxP99=%s hysteresis=%.1f%% regions=%s tags=%s",
                        p.getRouteId(),
                        p.getKind(),
                        product,
                        p.getMaxPrice(),
                        p.getMaxP99LatencyMs(),
                        p.getHysteresisPct(),
                        p.getAllowedRegions(),
                        p.getRequiredTags())
                + (p.getMinReliability() == null ? "" : " minReliability=" + p.getMinReliability())
                + (p.getSelfHost() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                " selfHost=%d seqs x %d tokens",
                                p.getSelfHost().getConcurrency(),
                                p.getSelfHost().getContextTokens())));
    }

    static String endpoint(Endpoint e) {
        return e.getProvider() + "/" + (e.getRegion() == null ? "global" : e.getRegion()) + "/" + e.getProduct()
                + (e.getPricingModel() == null ? "" : "/" + e.getPricingModel());
    }
}
