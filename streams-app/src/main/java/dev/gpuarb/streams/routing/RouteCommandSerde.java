package dev.gpuarb.streams.routing;

import dev.gpuarb.avro.RoutePolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link RouteCommand}s on the route-policies repartition topic: a format byte ({@value #FORMAT}), the
 * home, a type byte, the route id, then per type: P the policy (length and the policy serde's bytes,
 * -1 for a deleted route), R the problems, M nothing, H the route's home (-1 for none). Strings as in
 * {@link OfferSnapshotSerde}; the policy keeps its registry-backed Avro form.
 */
public final class RouteCommandSerde implements Serde<RouteCommand> {

    static final byte FORMAT = 1;
    private final Serde<RoutePolicy> policies;

    public RouteCommandSerde(Serde<RoutePolicy> policies) {
        this.policies = policies;
    }

    @Override
    public Serializer<RouteCommand> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(FORMAT);
                OfferSnapshotSerde.writeString(out, value.home());
                RouteInput input = value.input();
                if (input instanceof RouteInput.PolicyChanged p) {
                    out.writeByte('P');
                    OfferSnapshotSerde.writeString(out, p.routeId());
                    byte[] policy =
                            p.policy() == null ? null : policies.serializer().serialize(topic, p.policy());
                    out.writeInt(policy == null ? -1 : policy.length);
                    if (policy != null) {
                        out.write(policy);
                    }
                } else if (input instanceof RouteInput.PolicyRefused r) {
                    out.writeByte('R');
                    OfferSnapshotSerde.writeString(out, r.routeId());
                    OfferSnapshotSerde.writeString(out, r.problems());
                } else if (input instanceof RouteInput.RouteMoved m) {
                    out.writeByte('M');
                    OfferSnapshotSerde.writeString(out, m.routeId());
                } else if (input instanceof RouteInput.RouteHomed h) {
                    out.writeByte('H');
                    OfferSnapshotSerde.writeString(out, h.routeId());
                    OfferSnapshotSerde.writeString(out, h.home());
                } else {
                    throw new IllegalArgumentException("not a route command: " + input);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            return bytes.toByteArray();
        };
    }

    @Override
    public Deserializer<RouteCommand> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
                byte format = in.readByte();
                if (format != FORMAT) {
                    throw new IOException("unknown route command format " + format);
                }
                String home = OfferSnapshotSerde.readString(in);
                byte type = in.readByte();
                String routeId = OfferSnapshotSerde.readString(in);
                RouteInput input = switch (type) {
                    case 'P' -> {
                        int length = in.readInt();
                        if (length < -1 || length > in.available()) {
                            throw new IOException("bad policy length " + length);
                        }
                        yield new RouteInput.PolicyChanged(
                                routeId,
                                length == -1
                                        ? null
                                        : policies.deserializer().deserialize(topic, in.readNBytes(length)));
                    }
                    case 'R' -> new RouteInput.PolicyRefused(routeId, OfferSnapshotSerde.readString(in));
                    case 'M' -> new RouteInput.RouteMoved(routeId);
                    case 'H' -> new RouteInput.RouteHomed(routeId, OfferSnapshotSerde.readString(in));
                    default -> throw new IOException("unknown route command type " + type);
                };
                return new RouteCommand(home, input);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read a route command (" + bytes.length + " bytes)", e);
            }
        };
    }
}
