package dev.gpuarb.connectors.skypilot;

/**
 * A machine type without accelerators as a catalog lists it in one zone: in GCP's layout, the host
 * an accelerator row must be paired with. Prices are null when the catalog gives none.
 *
 * @param vCpus NaN when the catalog does not say
 * @param memoryGib NaN when the catalog does not say
 */
record HostVm(String instanceType, double vCpus, double memoryGib, Double price, Double spotPrice) {}
