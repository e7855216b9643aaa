package dev.gpuarb.connectors.awsspot;

import dev.gpuarb.connectors.core.CommonSourceConfig;
import dev.gpuarb.vocab.GpuModels;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Config of the AWS spot price connector (API and replay modes). */
public final class AwsSpotConfig extends CommonSourceConfig {

    public static final String MODE = "aws.spot.mode";
    public static final String PRODUCT_DESCRIPTION = "aws.spot.product.description";
    public static final String INSTANCE_FAMILIES = "aws.spot.instance.families";
    public static final String REPLAY_LOCATIONS = "aws.spot.replay.locations";
    public static final String REPLAY_BATCH_SIZE = "aws.spot.replay.batch.size";
    public static final String REPLAY_EXPIRE = "replay.expire";
    public static final String REGIONS = "aws.spot.regions";
    public static final String ENDPOINT_OVERRIDE = "aws.spot.endpoint.override";
    public static final String START_LOOKBACK_MS = "aws.spot.start.lookback.ms";
    public static final String PAGE_SIZE = "aws.spot.page.size";

    public static final String MODE_API = "api";
    public static final String MODE_REPLAY = "replay";

    public static final ConfigDef CONFIG_DEF = define();

    private static ConfigDef define() {
        ConfigDef def = new ConfigDef()
                .define(
                        MODE,
                        Type.STRING,
                        MODE_API,
                        ConfigDef.ValidString.in(MODE_API, MODE_REPLAY),
                        Importance.HIGH,
                        "api: call DescribeSpotPriceHistory; replay: read history dumps (JSON or tab-separated).")
                .define(
                        PRODUCT_DESCRIPTION,
                        Type.STRING,
                        "Linux/UNIX",
                        Importance.MEDIUM,
                        "The product description (OS) to keep; other rows are skipped. One per connector, so that "
                                + "offer ids stay unique.")
                .define(
                        INSTANCE_FAMILIES,
                        Type.LIST,
                        new ArrayList<>(GpuModels.awsGpuFamilies()),
                        Importance.MEDIUM,
                        "Instance families to keep (by default every GPU family GpuModels knows); other families are skipped.")
                .define(
                        REPLAY_LOCATIONS,
                        Type.LIST,
                        List.of(),
                        Importance.HIGH,
                        "replay mode: dump files: .json (the describe-spot-price-history output, or a bare array) or "
                                + "tab-separated (zone, instance type, product, price, timestamp, the CLI's "
                                + "SPOTPRICEHISTORY text output included).")
                .define(
                        REPLAY_BATCH_SIZE,
                        Type.INT,
                        5_000,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "replay mode: input units read per poll.")
                .define(
                        REPLAY_EXPIRE,
                        Type.BOOLEAN,
                        false,
                        Importance.LOW,
                        "replay mode: false: replayed prices never expire (validUntil null), so history keeps its "
                                + "meaning; true: validUntil = the wall-clock time each is sent + price.ttl.ms, so a "
                                + "dump of current prices expires like live prices.")
                .define(
                        REGIONS,
                        Type.LIST,
                        List.of("us-east-1", "us-west-2"),
                        Importance.HIGH,
                        "api mode: regions to query; tasks split them.")
                .define(
                        ENDPOINT_OVERRIDE,
                        Type.STRING,
                        "",
                        Importance.LOW,
                        "api mode: EC2 endpoint URL to use instead of the regional one (tests, VPC endpoints).")
                .define(
                        START_LOOKBACK_MS,
                        Type.LONG,
                        3L * 60 * 60 * 1000,
                        ConfigDef.Range.atLeast(0),
                        Importance.LOW,
                        "api mode: on first start, how far back to read history.")
                .define(
                        PAGE_SIZE,
                        Type.INT,
                        1000,
                        ConfigDef.Range.between(5, 1000),
                        Importance.LOW,
                        "api mode: MaxResults per request; pages follow NextToken.");
        return CommonSourceConfig.define(def, 300_000L);
    }

    public AwsSpotConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
    }

    public String mode() {
        return getString(MODE);
    }

    public Set<String> productDescriptions() {
        return Set.of(getString(PRODUCT_DESCRIPTION));
    }

    public Set<String> instanceFamilies() {
        return new LinkedHashSet<>(getList(INSTANCE_FAMILIES));
    }

    public List<String> replayLocations() {
        return getList(REPLAY_LOCATIONS);
    }

    public boolean replayExpire() {
        return getBoolean(REPLAY_EXPIRE);
    }

    public int replayBatchSize() {
        return getInt(REPLAY_BATCH_SIZE);
    }

    public List<String> regions() {
        return getList(REGIONS);
    }

    public String endpointOverride() {
        return getString(ENDPOINT_OVERRIDE);
    }

    public long startLookbackMs() {
        return getLong(START_LOOKBACK_MS);
    }

    public int pageSize() {
        return getInt(PAGE_SIZE);
    }
}
