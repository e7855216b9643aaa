package dev.gpuarb.sink.clickhouse.convert;

import dev.gpuarb.sink.clickhouse.db.TableColumn;

/** Integer column bounds, so one out-of-range value is rejected alone instead of failing its batch. */
final class IntegerRanges {

    private IntegerRanges() {
    }

    static void check(TableColumn column, long v) {
        long min;
        long max;
        switch (column.baseType()) {
            case "UInt8", "Bool" -> { min = 0; max = 255; }
            case "UInt16" -> { min = 0; max = 65_535; }
            case "UInt32" -> { min = 0; max = 4_294_967_295L; }
            case "UInt64" -> { min = 0; max = Long.MAX_VALUE; }
            case "Int8" -> { min = Byte.MIN_VALUE; max = Byte.MAX_VALUE; }
            case "Int16" -> { min = Short.MIN_VALUE; max = Short.MAX_VALUE; }
            case "Int32" -> { min = Integer.MIN_VALUE; max = Integer.MAX_VALUE; }
            default -> { return; }
        }
        if (v < min || v > max) {
            throw new RecordConversionException("column " + column.name() + ": " + v + " does not fit "
                    + column.baseType() + " [" + min + ", " + max + "]");
        }
    }
}
