package dev.gpuarb.streams.margins;

import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.TaskQuote;

/** What the margin stage reacts to, merged into one stream so one processor sees them in order. */
public sealed interface MarginInput {

    /** A new quote for a task type; a null quote closes the task type. */
    record QuoteChanged(String taskType, TaskQuote quote) implements MarginInput {}

    /** A route's choice changed; a null update means the route was deleted. */
    record RouteChanged(String routeId, RouteUpdate update) implements MarginInput {}
}
