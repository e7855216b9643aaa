package dev.gpuarb.connectors.awsspot;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

/**
 * DescribeSpotPriceHistory through the AWS SDK for Java v2, one client per region, credentials
 * from the default chain (environment, system properties, profile, container or instance role).
 * The instance families and product description are filtered on the server, so that a region's
 * thousands of non-GPU price changes are not downloaded at all.
 */
final class Ec2SpotPriceHistoryClient implements SpotPriceHistoryClient {

    /** Bounds one window's paging even if the service kept returning a NextToken. */
    static final int MAX_PAGES = 1000;

    private final AwsSpotConfig config;
    private final DefaultCredentialsProvider credentials =
            DefaultCredentialsProvider.builder().build();
    private final Map<String, Ec2Client> clients = new HashMap<>();

    Ec2SpotPriceHistoryClient(AwsSpotConfig config) {
        this.config = config;
    }

    @Override
    public List<SpotPriceEvent> history(String region, Instant start, Instant end) {
        Ec2Client ec2 = clients.computeIfAbsent(region, this::client);
        List<SpotPriceEvent> events = new ArrayList<>();
        String nextToken = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            DescribeSpotPriceHistoryResponse response = ec2.describeSpotPriceHistory(request(start, end, nextToken));
            for (SpotPrice p : response.spotPriceHistory()) {
                String zone = p.availabilityZone() != null ? p.availabilityZone() : p.availabilityZoneId();
                String at = p.timestamp() == null ? null : p.timestamp().toString();
                events.add(new SpotPriceEvent(
                        zone,
                        p.instanceTypeAsString(),
                        p.productDescriptionAsString(),
                        p.spotPrice(),
                        at,
                        p.toString(),
                        "ec2:" + region + ":DescribeSpotPriceHistory"));
            }
            nextToken = response.nextToken();
            if (nextToken == null || nextToken.isEmpty()) {
                break;
            }
        }
        return events;
    }

    private DescribeSpotPriceHistoryRequest request(Instant start, Instant end, String nextToken) {
        List<String> typePatterns =
                config.instanceFamilies().stream().map(f -> f + ".*").toList();
        return DescribeSpotPriceHistoryRequest.builder()
                .startTime(start)
                .endTime(end)
                .maxResults(config.pageSize())
                .productDescriptions(config.getString(AwsSpotConfig.PRODUCT_DESCRIPTION))
                .filters(Filter.builder()
                        .name("instance-type")
                        .values(typePatterns)
                        .build())
                .nextToken(nextToken)
                .build();
    }

    private Ec2Client client(String region) {
        Ec2ClientBuilder builder = Ec2Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .overrideConfiguration(
                        c -> c.apiCallAttemptTimeout(config.httpSettings().requestTimeout())
                                .apiCallTimeout(config.httpSettings()
                                        .requestTimeout()
                                        .multipliedBy(4)
                                        .plus(Duration.ofSeconds(5))));
        if (!config.endpointOverride().isBlank()) {
            builder.endpointOverride(URI.create(config.endpointOverride()));
        }
        return builder.build();
    }

    @Override
    public void close() {
        clients.values().forEach(Ec2Client::close);
        clients.clear();
        credentials.close();
    }
}
