package dev.gpuarb.streams.effect;

import dev.gpuarb.avro.RegionalSpread;
import dev.gpuarb.avro.TimeOfDayProfile;

/** What closing panes publishes: a spread window or a time-of-day profile, keyed as its topic is. */
public sealed interface Closed {

    record Spread(RegionalSpread value) implements Closed {}

    record Profile(TimeOfDayProfile value) implements Closed {}
}
