package dev.gpuarb.sink.clickhouse.reference;

import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;

/**
 * Table contents computed in Java (figures ClickHouse cannot derive itself), brought up to date by the
 * migrator after the migrations, on every run: unlike a migration they change whenever the code that
 * computes them does. Its own package, so that the migrations can list what implements it
 * ({@code migrate.MigrationCatalog}) while the implementations know nothing of the migrations.
 */
public interface ReferenceData {

    /** The migration that creates the tables this fills; the refresh runs only once it is applied. */
    int createdBy();

    /** What it fills, for the log. */
    String name();

    /**
     * Makes the tables hold what the code computes now; does nothing when they already do.
     *
     * @return whether anything was written
     */
    boolean refresh(ClickHouseGateway gateway);
}
