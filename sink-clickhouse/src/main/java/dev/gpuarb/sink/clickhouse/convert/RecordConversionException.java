package dev.gpuarb.sink.clickhouse.convert;

/** A record that cannot become a row of its table; it goes to the dead-letter topic (or fails the task). */
public class RecordConversionException extends RuntimeException {

    public RecordConversionException(String message) {
        super(message);
    }
}
