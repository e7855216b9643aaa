package dev.gpuarb.streams.margins;

import dev.gpuarb.avro.MarginEvent;
import dev.gpuarb.avro.RouteUpdate;
import dev.gpuarb.avro.TaskQuote;
import dev.gpuarb.streams.config.AppConfig;
import dev.gpuarb.streams.routing.RoutePartitioners;
import dev.gpuarb.streams.routing.RouteStores;
import dev.gpuarb.streams.stage.StageContext;
import dev.gpuarb.streams.validate.ValidateStage;
import dev.gpuarb.topics.Topic;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * Stage 8: task quotes priced against the current route of their policy, to margins.tasks.
 * Quotes meet the route engine's output in the engine's partitions (every quote reaches every one;
 * see {@link MarginProcessor} for which answers), because the margin processor reads the engine's
 * stores: its offers for the chosen endpoint's current per-token or per-GPU-hour price, its routes.
 */
public final class MarginStage {

    private MarginStage() {}

    public static void apply(StageContext stage, KStream<String, RouteUpdate> routes) {
        StreamsBuilder builder = stage.builder();
        AppConfig config = stage.config();
        Serde<String> key = stage.key();
        Serde<TaskQuote> quoteSerde = stage.serdes().taskQuote();
        Serde<MarginEvent> marginSerde = stage.serdes().margin();
        Serde<RouteUpdate> routeSerde = stage.serdes().routeUpdate();

        KStream<String, TaskQuote> keyedQuotes = builder.stream(
                        Topic.TASK_QUOTES.topicName(),
                        Consumed.with(key, quoteSerde).withName("task-quotes-source"))
                .filter((taskType, q) -> taskType != null, Named.as("keyed-quotes"));
        // Quotes that cannot be priced go to prices.rejected with their reason.
        KStream<String, MarginInput> quotes = ValidateStage.apply(
                        "quotes",
                        keyedQuotes,
                        QuoteValidator::validate,
                        key,
                        stage.serdes().rejected())
                .repartition(Repartitioned.with(key, quoteSerde)
                        .withName("margin-quotes")
                        .withNumberOfPartitions(config.routingPartitions())
                        .withStreamPartitioner(RoutePartitioners.quotes()))
                .mapValues(
                        (taskType, q) ->
                                (MarginInput) new MarginInput.QuoteChanged(taskType, withTaskType(q, taskType)),
                        Named.as("margin-quote-input"));
        KStream<String, MarginInput> routeChanges = routes.filter(
                        (routeId, u) -> routeId != null, Named.as("keyed-route-updates"))
                .mapValues(
                        (routeId, u) -> (MarginInput) new MarginInput.RouteChanged(routeId, u),
                        Named.as("margin-route-input"));

        MarginCalculator calculator = new MarginCalculator(ValidationOverhead.from(config));
        int partitions = config.routingPartitions();
        ProcessorSupplier<String, MarginInput, String, MarginEvent> margins = StageContext.withStores(
                () -> new MarginProcessor(calculator, partitions),
                // Cached like every other store: the processor forwards its events itself and only ever reads
                // back through the stores, so coalescing their changelog writes until the commit changes no output.
                stage.cachedStore(MarginStores.QUOTES, quoteSerde),
                stage.cachedStore(MarginStores.ROUTES, routeSerde),
                stage.cachedStore(MarginStores.LATEST, marginSerde));
        routeChanges
                .merge(quotes, Named.as("margin-inputs"))
                .process(
                        margins,
                        Named.as("margins"),
                        RouteStores.OFFERS,
                        RouteStores.POLICIES,
                        RouteStores.DECISIONS,
                        RouteStores.ELSEWHERE)
                .to(
                        Topic.TASK_MARGINS.topicName(),
                        Produced.with(key, marginSerde).withName("margins-sink"));
    }

    /** The record key is the task type; a quote body that says otherwise is corrected, not trusted. */
    private static TaskQuote withTaskType(TaskQuote quote, String taskType) {
        if (quote == null || taskType.equals(quote.getTaskType())) {
            return quote;
        }
        return TaskQuote.newBuilder(quote).setTaskType(taskType).build();
    }
}
