package dev.gpuarb.streams.history;

import dev.gpuarb.avro.Endpoint;
import dev.gpuarb.avro.RouteCandidate;
import dev.gpuarb.avro.RouteUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A route's recent decisions, oldest first: what it pointed at and at what price, for the live page's
 * route chart. A point is a switch when its offer differs from the one before (a route that lost every
 * offer, or found one again, switches too). The price holds from one point to the next.
 *
 * @param priceUnit the unit of the route's prices (of its latest decision)
 */
public record RouteTrail(String routeId, String priceUnit, List<Point> points) {

    /**
     * One decision. {@code price}, {@code provider}, {@code region} and {@code offerId} are null for
     * NO_ROUTE.
     */
    public record Point(
            Instant at,
            String status,
            Double price,
            String provider,
            String region,
            String offerId,
            boolean switched) {}

    public RouteTrail {
        points = List.copyOf(points);
    }

    public static RouteTrail empty(String routeId) {
        return new RouteTrail(routeId, "", List.of());
    }

    /**
     * This trail with the decision added in time order (a decision equal in time and content to one
     * already there is not added twice: a replay of the same update changes nothing), then trimmed to
     * the limits counted back from the newest point.
     */
    public RouteTrail with(RouteUpdate update, HistoryLimits limits) {
        Point point = pointOf(update);
        List<Point> next = new ArrayList<>(points.size() + 1);
        next.addAll(points);
        boolean seen = next.stream().anyMatch(p -> p.at().equals(point.at()) && sameDecision(p, point));
        if (!seen) {
            next.add(point);
            // Stable: decisions at the same instant keep their arrival order.
            next.sort(Comparator.comparing(Point::at));
        }
        Instant newest = next.get(next.size() - 1).at();
        Instant oldest = newest.minus(limits.horizon());
        next.removeIf(p -> p.at().isBefore(oldest));
        List<Point> kept =
                next.size() > limits.maxPoints() ? next.subList(next.size() - limits.maxPoints(), next.size()) : next;
        return new RouteTrail(update.getRouteId(), update.getPriceUnit(), markSwitches(kept));
    }

    private static Point pointOf(RouteUpdate update) {
        RouteCandidate chosen = update.getChosen();
        Endpoint endpoint = chosen == null ? null : chosen.getEndpoint();
        return new Point(
                update.getDecidedAt(),
                update.getStatus().name(),
                chosen == null ? null : chosen.getEffectivePrice(),
                endpoint == null ? null : endpoint.getProvider(),
                endpoint == null ? null : endpoint.getRegion(),
                endpoint == null ? null : endpoint.getOfferId(),
                false);
    }

    private static boolean sameDecision(Point a, Point b) {
        return a.status().equals(b.status())
                && Objects.equals(a.price(), b.price())
                && Objects.equals(a.offerId(), b.offerId());
    }

    /** The first point kept is no switch: what it switched from fell out of the horizon. */
    private static List<Point> markSwitches(List<Point> points) {
        List<Point> marked = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            boolean switched = i > 0 && !Objects.equals(points.get(i - 1).offerId(), p.offerId());
            marked.add(
                    p.switched() == switched
                            ? p
                            : new Point(
                                    p.at(), p.status(), p.price(), p.provider(), p.region(), p.offerId(), switched));
        }
        return marked;
    }
}
