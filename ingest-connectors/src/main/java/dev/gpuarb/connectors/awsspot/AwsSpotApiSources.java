package dev.gpuarb.connectors.awsspot;

import dev.gpuarb.connectors.core.PriceSource;
import dev.gpuarb.connectors.core.SourceContext;

/** Builds the API-mode source on the AWS SDK client. */
final class AwsSpotApiSources {

    private AwsSpotApiSources() {}

    static PriceSource create(AwsSpotConfig config, SourceContext context) {
        return new AwsSpotApiSource(config, context, new Ec2SpotPriceHistoryClient(config));
    }
}
