package dev.gpuarb.cli.local;

/** The loopback ports of a local run; conventional defaults so other tools find them. */
public record Ports(int kafka, int registry, int clickhouse, int connect, int streamsApi) {

    public static Ports defaults() {
        return new Ports(9092, 8081, 8123, 8083, 8080);
    }
}
