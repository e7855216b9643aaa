package dev.gpuarb.connectors.awsspot;

import dev.gpuarb.connectors.core.PollingSourceTask;
import dev.gpuarb.connectors.core.PriceSource;
import dev.gpuarb.connectors.core.SourceContext;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

public final class AwsSpotSourceTask extends PollingSourceTask {

    @Override
    protected ConfigDef configDef() {
        return AwsSpotConfig.CONFIG_DEF;
    }

    @Override
    protected PriceSource createSource(Map<String, String> props, SourceContext context) {
        AwsSpotConfig config = new AwsSpotConfig(props);
        if (AwsSpotConfig.MODE_REPLAY.equals(config.mode())) {
            return new AwsSpotReplaySource(config, context);
        }
        return AwsSpotApiSources.create(config, context);
    }
}
