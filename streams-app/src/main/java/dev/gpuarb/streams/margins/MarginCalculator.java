package dev.gpuarb.streams.margins;

import dev.gpuarb.avro.MarginDecision;
import dev.gpuarb.avro.MarginEvent;
import dev.gpuarb.avro.MarginTrigger;
import dev.gpuarb.avro.RouteStatus;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.SelfHostEstimate;
import dev.gpuarb.avro.TaskQuote;
import dev.gpuarb.avro.WorkloadKind;
import dev.gpuarb.streams.routing.OfferSnapshot;
import java.time.Instant;
import java.util.Locale;

/**
 * Prices one task quote on a route's chosen endpoint: tokens x per-token price (token routes; for a
 * self-hosted endpoint, per-token prices from the instance's price and the route's throughput figures) or
 * GPU-seconds x per-GPU-hour price (GPU routes), plus the validation overhead; accepts when the
 * margin reaches the quote's minimum. Pure: the processor supplies the route and the offer.
 */
public final class MarginCalculator {

    private static final double MILLION = 1_000_000.0;
    private static final double SECONDS_PER_HOUR = 3600.0;

    private final ValidationOverhead overhead;

    public MarginCalculator(ValidationOverhead overhead) {
        this.overhead = overhead;
    }

    /**
     * @param route the route's latest update, null when the route is unknown
     * @param offer the latest price of the route's chosen endpoint, null when unknown
     */
    public MarginEvent price(TaskQuote quote, RouteUpdate route, OfferSnapshot offer, MarginTrigger trigger, long now) {
        if (route == null) {
            return reject(
                    quote, trigger, now, "no route: route " + quote.getRouteId() + " is unknown or not yet evaluated");
        }
        if (route.getStatus() != RouteStatus.ROUTED || route.getChosen() == null) {
            return reject(quote, trigger, now, "no route: " + route.getReason());
        }
        if (offer == null) {
            return reject(
                    quote,
                    trigger,
                    now,
                    "no route: no price known for endpoint "
                            + route.getChosen().getEndpoint().getOfferId());
        }
        MarginEvent.Builder event =
                base(quote, trigger, now).setEndpoint(route.getChosen().getEndpoint());
        double work;
        SelfHostEstimate selfHost = route.getChosen().getSelfHost();
        if (selfHost != null && offer.workloadKind() == WorkloadKind.GPU_HOURS) {
            if (quote.getInputTokens() + quote.getOutputTokens() <= 0) {
                return reject(
                        quote,
                        trigger,
                        now,
                        "route " + quote.getRouteId() + " sells tokens but the quote has no token counts");
            }
            // The instance's current price over the route's throughput figures: output tokens cost decode
            // time, prompt tokens prefill time, as in the route's blended price.
            double perSecond = offer.usdPerGpuHour() * offer.gpuCount() / SECONDS_PER_HOUR;
            double perMillionOutput = perSecond / selfHost.getOutputTokensPerSecond() * MILLION;
            Double prefill = selfHost.getPrefillTokensPerSecond();
            if (quote.getInputTokens() > 0 && prefill == null) {
                return reject(
                        quote, trigger, now, "no route: the self-hosted endpoint has no prompt throughput figure");
            }
            double perMillionInput = prefill == null ? 0 : perSecond / prefill * MILLION;
            work = (quote.getInputTokens() * perMillionInput + quote.getOutputTokens() * perMillionOutput) / MILLION;
            event.setUsdPerMillionInput(perMillionInput)
                    .setUsdPerMillionOutput(perMillionOutput)
                    .setUsdPerGpuHour(offer.usdPerGpuHour());
        } else if (offer.workloadKind() == WorkloadKind.TOKENS) {
            if (quote.getInputTokens() + quote.getOutputTokens() <= 0) {
                return reject(
                        quote,
                        trigger,
                        now,
                        "route " + quote.getRouteId() + " sells tokens but the quote has no token counts");
            }
            work = (quote.getInputTokens() * offer.usdPerMillionInput()
                            + quote.getOutputTokens() * offer.usdPerMillionOutput())
                    / MILLION;
            event.setUsdPerMillionInput(offer.usdPerMillionInput()).setUsdPerMillionOutput(offer.usdPerMillionOutput());
        } else {
            if (quote.getGpuSeconds() <= 0) {
                return reject(
                        quote,
                        trigger,
                        now,
                        "route " + quote.getRouteId() + " sells GPU-hours but the quote has no GPU-seconds");
            }
            if (quote.getGpuModel() != null && !quote.getGpuModel().equals(offer.gpuModel())) {
                return reject(
                        quote,
                        trigger,
                        now,
                        "no route: the route's endpoint runs " + offer.gpuModel() + ", the quote's GPU-seconds are on "
                                + quote.getGpuModel());
            }
            work = quote.getGpuSeconds() / SECONDS_PER_HOUR * offer.usdPerGpuHour();
            event.setUsdPerGpuHour(offer.usdPerGpuHour());
        }
        double validation = overhead.costUsd(work);
        double cost = work + validation;
        double margin = quote.getOfferedUsd() - cost;
        Double marginPct = quote.getOfferedUsd() > 0 ? margin / quote.getOfferedUsd() * 100 : null;
        boolean accept = marginPct != null && marginPct >= quote.getMinMarginPct();
        String reason = marginPct == null
                ? "the offered price is not positive"
                : String.format(
                        Locale.ROOT,
                        "margin %.2f%% %s minimum %.2f%% on %s",
                        marginPct,
                        accept ? ">=" : "<",
                        quote.getMinMarginPct(),
                        route.getChosen().getEndpoint().getOfferId());
        return event.setDecision(accept ? MarginDecision.ACCEPT : MarginDecision.REJECT)
                .setReason(reason)
                .setWorkCostUsd(work)
                .setValidationCostUsd(validation)
                .setCostUsd(cost)
                .setMarginUsd(margin)
                .setMarginPct(marginPct)
                .build();
    }

    private static MarginEvent reject(TaskQuote quote, MarginTrigger trigger, long now, String reason) {
        return base(quote, trigger, now)
                .setDecision(MarginDecision.REJECT)
                .setReason(reason)
                .build();
    }

    private static MarginEvent.Builder base(TaskQuote quote, MarginTrigger trigger, long now) {
        return MarginEvent.newBuilder()
                .setQuoteId(quote.getQuoteId())
                .setTaskType(quote.getTaskType())
                .setRouteId(quote.getRouteId())
                .setTrigger(trigger)
                .setOfferedUsd(quote.getOfferedUsd())
                .setMinMarginPct(quote.getMinMarginPct())
                .setWorkCostUsd(null)
                .setValidationCostUsd(null)
                .setCostUsd(null)
                .setMarginUsd(null)
                .setMarginPct(null)
                .setEndpoint(null)
                .setUsdPerMillionInput(null)
                .setUsdPerMillionOutput(null)
                .setUsdPerGpuHour(null)
                .setQuotedAt(quote.getQuotedAt())
                .setPricedAt(Instant.ofEpochMilli(now));
    }
}
