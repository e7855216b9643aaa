package dev.gpuarb.vocab;

import java.util.List;

/** A GPU family and the memory sizes it is sold in; the first size is the default. */
record GpuFamily(String name, String vendor, List<Integer> sizesGb) {

    boolean hasSeveralSizes() {
        return sizesGb.size() > 1;
    }

    int defaultSizeGb() {
        return sizesGb.get(0);
    }

    GpuSpec withMemory(int memoryGb) {
        String model = hasSeveralSizes() ? name + "-" + memoryGb + "GB" : name;
        return new GpuSpec(model, name, memoryGb, vendor);
    }

    /** The listed size nearest to {@code hintGb}, when one is within 20% of it. */
    Integer snap(double hintGb) {
        Integer best = null;
        double bestDistance = Double.MAX_VALUE;
        for (int size : sizesGb) {
            double distance = Math.abs(size - hintGb) / size;
            if (distance < bestDistance) {
                bestDistance = distance;
                best = size;
            }
        }
        return bestDistance <= 0.20 ? best : null;
    }
}
