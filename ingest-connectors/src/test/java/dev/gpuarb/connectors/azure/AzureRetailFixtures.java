package dev.gpuarb.connectors.azure;

/** Retail Prices API responses in the documented layout, built item by item. */
final class AzureRetailFixtures {

    private AzureRetailFixtures() {}

    static String item(String armSkuName, String meterName, String productName, String region, double retailPrice) {
        String skuName = armSkuName.replace("Standard_", "").replace('_', ' ')
                + (meterName.endsWith("Spot") ? " Spot" : meterName.endsWith("Low Priority") ? " Low Priority" : "");
        return """
                {"currencyCode": "USD", "tierMinimumUnits": 0.0, "retailPrice": %s, "unitPrice": %s,
                 "armRegionName": "%s", "location": "%s", "effectiveStartDate": "2025-06-01T00:00:00Z",
                 "meterId": "m-%s-%s", "meterName": "%s", "productId": "DZH318Z0BQ4L", "skuId": "DZH318Z0BQ4L/00BJ",
                 "productName": "%s", "skuName": "%s", "serviceName": "Virtual Machines",
                 "serviceId": "DZH313Z7MMC8", "serviceFamily": "Compute", "unitOfMeasure": "1 Hour",
                 "type": "Consumption", "isPrimaryMeterRegion": true, "armSkuName": "%s"}""".formatted(
                        retailPrice,
                        retailPrice,
                        region,
                        region.toUpperCase(),
                        armSkuName,
                        region,
                        meterName,
                        productName,
                        skuName,
                        armSkuName);
    }

    static String page(String nextPageLink, String... items) {
        return """
                {"BillingCurrency": "USD", "CustomerEntityId": "Default", "CustomerEntityType": "Retail",
                 "Items": [%s], "NextPageLink": %s, "Count": %d}""".formatted(
                String.join(",\n", items), nextPageLink == null ? "null" : "\"" + nextPageLink + "\"", items.length);
    }
}
