package dev.gpuarb.streams.routing;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Addresses policy changes and refusals to their route's home (see {@link RouteHomes}), in the
 * partitions policies arrive in (keyed by route id). Remembers where each route lives, so that when a
 * policy names another product the old home forgets the route ({@link RouteInput.RouteMoved}) before
 * the new home decides it afresh, and a deletion or refusal reaches the state it changes. The
 * partition of a route's unrouted home is told where the route lives ({@link RouteInput.RouteHomed}),
 * so margins of a quote on a route that exists nowhere are answered exactly once, there.
 */
public final class RouteHomeProcessor implements Processor<String, RouteInput, String, RouteCommand> {

    /** routeId -> the route's home. */
    public static final String STORE = "route-homes";

    private ProcessorContext<String, RouteCommand> context;
    private KeyValueStore<String, String> homes;

    @Override
    public void init(ProcessorContext<String, RouteCommand> context) {
        this.context = context;
        this.homes = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, RouteInput> record) {
        String routeId = record.key();
        String before = homes.get(routeId);
        if (record.value() instanceof RouteInput.PolicyChanged changed && changed.policy() != null) {
            String home = RouteHomes.of(changed.policy());
            if (!home.equals(before)) {
                if (before != null) {
                    send(record, before, new RouteInput.RouteMoved(routeId));
                }
                homes.put(routeId, home);
                send(record, RouteHomes.unrouted(routeId), new RouteInput.RouteHomed(routeId, home));
            }
            send(record, home, changed);
        } else if (record.value() instanceof RouteInput.PolicyChanged deleted) {
            if (before == null) {
                return; // a deletion of a route that exists nowhere changes nothing
            }
            send(record, before, deleted);
            homes.delete(routeId);
            if (!before.equals(RouteHomes.unrouted(routeId))) {
                send(record, RouteHomes.unrouted(routeId), new RouteInput.RouteHomed(routeId, null));
            }
        } else if (record.value() instanceof RouteInput.PolicyRefused refused) {
            if (before == null) {
                before = RouteHomes.unrouted(routeId);
                homes.put(routeId, before);
            }
            send(record, before, refused);
        }
    }

    private void send(Record<String, RouteInput> record, String home, RouteInput input) {
        context.forward(record.withValue(new RouteCommand(home, input)));
    }
}
