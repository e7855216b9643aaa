package dev.gpuarb.throughput;

import java.util.List;

/**
 * An open-weight model the throughput model knows the shape of, and the names API providers and
 * routers give it.
 *
 * @param id lower-case name of the model as its publisher names it, e.g. {@code llama-3.1-70b-instruct}
 * @param shape its shape, named {@code id}
 * @param publishedWeights the format the publisher released the weights in
 * @param names further lower-case names (without provider prefixes) that mean exactly this model
 */
public record KnownModel(String id, ModelShape shape, WeightFormat publishedWeights, List<String> names) {
    public KnownModel {
        names = List.copyOf(names);
        if (!shape.name().equals(id)) {
            throw new IllegalArgumentException("shape must be named " + id);
        }
    }
}
