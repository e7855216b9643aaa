package dev.gpuarb.clickhouse.embedded;

import java.time.ZonedDateTime;

/** A POJO with the column types the sink writes: UInt64, DateTime64(3,'UTC'), LowCardinality, Nullable, Float64. */
public class PriceRow {
    private long id;
    private ZonedDateTime observedAt;
    private String region;
    private double price;
    private Double spotPrice;
    private String note;

    public PriceRow() {}

    public PriceRow(long id, ZonedDateTime observedAt, String region, double price, Double spotPrice, String note) {
        this.id = id;
        this.observedAt = observedAt;
        this.region = region;
        this.price = price;
        this.spotPrice = spotPrice;
        this.note = note;
    }

    public long getId() {
        return id;
    }

    public void setId(long id) {
        this.id = id;
    }

    public ZonedDateTime getObservedAt() {
        return observedAt;
    }

    public void setObservedAt(ZonedDateTime observedAt) {
        this.observedAt = observedAt;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public double getPrice() {
        return price;
    }

    public void setPrice(double price) {
        this.price = price;
    }

    public Double getSpotPrice() {
        return spotPrice;
    }

    public void setSpotPrice(Double spotPrice) {
        this.spotPrice = spotPrice;
    }

    public String getNote() {
        return note;
    }

    public void setNote(String note) {
        this.note = note;
    }
}
