package dev.gpuarb.connectors.azure;

import java.util.Locale;

/**
 * How an Azure VM meter is sold, read from its meter and SKU names: "NC6 Spot" is spot,
 * "NC6 Low Priority" is low-priority (Batch's older interruptible tier), anything else pay-as-you-go.
 */
public enum AzurePriceTier {
    ON_DEMAND,
    SPOT,
    LOW_PRIORITY;

    public static AzurePriceTier of(String meterName, String skuName) {
        String text = ((meterName == null ? "" : meterName) + " " + (skuName == null ? "" : skuName))
                .toLowerCase(Locale.ROOT);
        if (text.contains("low priority")) {
            return LOW_PRIORITY;
        }
        if (text.contains("spot")) {
            return SPOT;
        }
        return ON_DEMAND;
    }
}
