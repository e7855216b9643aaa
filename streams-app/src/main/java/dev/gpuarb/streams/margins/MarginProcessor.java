package dev.gpuarb.streams.margins;

import dev.gpuarb.avro.MarginEvent;
import dev.gpuarb.avro.MarginTrigger;
import dev.gpuarb.avro.RoutePolicy;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.TaskQuote;
import dev.gpuarb.streams.routing.OfferSnapshot;
import dev.gpuarb.streams.routing.RouteHomes;
import dev.gpuarb.streams.routing.RouteStores;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Prices every quote on arrival, and re-prices the open quotes of a route when its choice changes,
 * emitting again only those whose cost or decision changed. Reads the latest endpoint prices from
 * the route engine's offer store (read only), so a route and the price it was chosen at agree.
 *
 * <p>It runs beside the route engine in each of its partitions, and every partition receives every
 * quote: the partition that holds the quote's route prices it; a quote on a route that exists nowhere
 * is answered by the partition of the route's unrouted home ({@link RouteHomes#unrouted}), which the
 * engine tells where each of its routes lives. So each quote gets one answer.
 */
public final class MarginProcessor implements Processor<String, MarginInput, String, MarginEvent> {

    private final MarginCalculator calculator;
    private final int partitions;
    private int partition;
    private ProcessorContext<String, MarginEvent> context;
    private KeyValueStore<String, TaskQuote> quotes;
    private KeyValueStore<String, RouteUpdate> routes;
    private KeyValueStore<String, MarginEvent> latest;
    private KeyValueStore<String, OfferSnapshot> offers;
    private KeyValueStore<String, RoutePolicy> routePolicies;
    private KeyValueStore<String, RouteUpdate> routeDecisions;
    private KeyValueStore<String, String> routesElsewhere;

    /** @param partitions the route engine's partitions */
    public MarginProcessor(MarginCalculator calculator, int partitions) {
        this.calculator = calculator;
        this.partitions = partitions;
    }

    @Override
    public void init(ProcessorContext<String, MarginEvent> context) {
        this.context = context;
        this.quotes = context.getStateStore(MarginStores.QUOTES);
        this.routes = context.getStateStore(MarginStores.ROUTES);
        this.latest = context.getStateStore(MarginStores.LATEST);
        this.offers = context.getStateStore(RouteStores.OFFERS);
        this.routePolicies = context.getStateStore(RouteStores.POLICIES);
        this.routeDecisions = context.getStateStore(RouteStores.DECISIONS);
        this.routesElsewhere = context.getStateStore(RouteStores.ELSEWHERE);
        this.partition = context.taskId().partition();
    }

    @Override
    public void process(Record<String, MarginInput> record) {
        if (record.value() instanceof MarginInput.QuoteChanged q) {
            onQuote(q.taskType(), q.quote(), record.timestamp());
        } else if (record.value() instanceof MarginInput.RouteChanged r) {
            onRoute(r.routeId(), r.update(), record.timestamp());
        }
    }

    private void onQuote(String taskType, TaskQuote quote, long now) {
        if (quote == null) {
            quotes.delete(taskType);
            latest.delete(taskType);
            return;
        }
        quotes.put(taskType, quote);
        if (answers(quote.getRouteId())) {
            emit(taskType, price(quote, MarginTrigger.QUOTE, now));
        }
    }

    private void onRoute(String routeId, RouteUpdate update, long now) {
        if (update == null) {
            routes.delete(routeId);
        } else {
            routes.put(routeId, update);
        }
        List<TaskQuote> open = new ArrayList<>();
        try (KeyValueIterator<String, TaskQuote> it = quotes.all()) {
            it.forEachRemaining(kv -> {
                if (routeId.equals(kv.value.getRouteId())) {
                    open.add(kv.value);
                }
            });
        }
        for (TaskQuote quote : open) {
            MarginEvent event = price(quote, MarginTrigger.ROUTE_CHANGED, now);
            MarginEvent before = latest.get(quote.getTaskType());
            if (before == null || changed(before, event)) {
                emit(quote.getTaskType(), event);
            }
        }
    }

    /** The engine of this partition holds the route (a policy, or the refusal that replaced it). */
    private boolean owns(String routeId) {
        return routePolicies.get(routeId) != null || routeDecisions.get(routeId) != null;
    }

    private boolean answers(String routeId) {
        return owns(routeId)
                || (RouteHomes.partition(RouteHomes.unrouted(routeId), partitions) == partition
                        && routesElsewhere.get(routeId) == null);
    }

    private MarginEvent price(TaskQuote quote, MarginTrigger trigger, long now) {
        // A route this partition no longer holds (it moved) may linger in the margin's own store.
        RouteUpdate route = owns(quote.getRouteId()) ? routes.get(quote.getRouteId()) : null;
        OfferSnapshot offer = route == null || route.getChosen() == null
                ? null
                : offers.get(route.getChosen().getEndpoint().getOfferId());
        return calculator.price(quote, route, offer, trigger, now);
    }

    /** A re-pricing matters when the cost, the endpoint or the decision moved. */
    private static boolean changed(MarginEvent before, MarginEvent after) {
        return !Objects.equals(before.getCostUsd(), after.getCostUsd())
                || !Objects.equals(before.getEndpoint(), after.getEndpoint())
                || before.getDecision() != after.getDecision();
    }

    private void emit(String taskType, MarginEvent event) {
        latest.put(taskType, event);
        context.forward(new Record<>(taskType, event, event.getPricedAt().toEpochMilli()));
    }
}
