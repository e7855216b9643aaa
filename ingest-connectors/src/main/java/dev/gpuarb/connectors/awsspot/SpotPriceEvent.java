package dev.gpuarb.connectors.awsspot;

/**
 * One row of spot price history as text, before any check: the fields of DescribeSpotPriceHistory's
 * {@code SpotPrice} element. {@code zone} is a zone name (us-east-1a) or a zone id (use1-az1).
 *
 * @param raw the input the event came from, for rejections
 * @param location file and line, or request and index
 */
public record SpotPriceEvent(
        String zone,
        String instanceType,
        String productDescription,
        String price,
        String timestamp,
        String raw,
        String location) {}
