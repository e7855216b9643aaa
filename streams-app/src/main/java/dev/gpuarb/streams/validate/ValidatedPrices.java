package dev.gpuarb.streams.validate;

import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.streams.stage.AppSerdes;
import dev.gpuarb.streams.stage.StageContext;
import dev.gpuarb.topics.Topic;
import java.time.Clock;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The GPU and token price topics, validated and normalised: the first stage of both applications.
 * Only the application that reports rejects writes them to prices.rejected; the other drops the same
 * inputs silently, so a bad price is reported once.
 */
public record ValidatedPrices(KStream<String, GpuPriceObservation> gpu, KStream<String, TokenPriceObservation> tokens) {

    public static ValidatedPrices apply(StageContext stage, boolean reportRejects) {
        StreamsBuilder builder = stage.builder();
        AppSerdes serdes = stage.serdes();
        Clock clock = stage.clock();
        Limits limits = Limits.from(stage.config());
        KStream<String, GpuPriceObservation> gpuIn = builder.stream(
                Topic.GPU_PRICES.topicName(),
                Consumed.with(serdes.key(), serdes.gpuPrice()).withName("gpu-prices"));
        KStream<String, TokenPriceObservation> tokensIn = builder.stream(
                Topic.TOKEN_PRICES.topicName(),
                Consumed.with(serdes.key(), serdes.tokenPrice()).withName("token-prices"));
        GpuPriceValidator gpuValidator = new GpuPriceValidator(limits, clock);
        TokenPriceValidator tokenValidator = new TokenPriceValidator(limits, clock);
        if (reportRejects) {
            return new ValidatedPrices(
                    ValidateStage.apply("gpu", gpuIn, gpuValidator::validate, serdes.key(), serdes.rejected()),
                    ValidateStage.apply("tokens", tokensIn, tokenValidator::validate, serdes.key(), serdes.rejected()));
        }
        return new ValidatedPrices(
                ValidateStage.keepValid("gpu", gpuIn, gpuValidator::validate),
                ValidateStage.keepValid("tokens", tokensIn, tokenValidator::validate));
    }

    /**
     * Prices only, without withdrawals (records that say an offer left its source's listing): for stages
     * that read each record as a price observation.
     */
    public ValidatedPrices withoutWithdrawals() {
        return new ValidatedPrices(
                gpu.filterNot((k, o) -> o.getWithdrawn(), Named.as("gpu-listed")),
                tokens.filterNot((k, o) -> o.getWithdrawn(), Named.as("tokens-listed")));
    }
}
