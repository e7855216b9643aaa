package dev.gpuarb.cli.economics;

import java.math.BigDecimal;

/** Option values written into the view calls as SQL literals. */
final class SqlLiterals {

    private SqlLiterals() {}

    static String number(double v) {
        return BigDecimal.valueOf(v).toPlainString();
    }

    static String string(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
