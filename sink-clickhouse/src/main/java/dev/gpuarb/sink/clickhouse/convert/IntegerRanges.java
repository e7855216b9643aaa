package dev.gpuarb.sink.clickhouse.convert;

/** Integer column bounds, so one out-of-range value is rejected alone instead of failing its batch. */
final class IntegerRanges {

    private IntegerRanges() {}

    /** @param baseType the type without LowCardinality and Nullable, e.g. {@code UInt16} */
    static void check(String column, String baseType, long v) {
        long min;
        long max;
        switch (baseType) {
            case "UInt8", "Bool" -> {
                min = 0;
                max = 255;
            }
            case "UInt16" -> {
                min = 0;
                max = 65_535;
            }
            case "UInt32" -> {
                min = 0;
                max = 4_294_967_295L;
            }
            case "UInt64" -> {
                min = 0;
                max = Long.MAX_VALUE;
            }
            case "Int8" -> {
                min = Byte.MIN_VALUE;
                max = Byte.MAX_VALUE;
            }
            case "Int16" -> {
                min = Short.MIN_VALUE;
                max = Short.MAX_VALUE;
            }
            case "Int32" -> {
                min = Integer.MIN_VALUE;
                max = Integer.MAX_VALUE;
            }
            default -> {
                return;
            }
        }
        if (v < min || v > max) {
            throw new RecordConversionException(
                    "column " + column + ": " + v + " does not fit " + baseType + " [" + min + ", " + max + "]");
        }
    }
}
