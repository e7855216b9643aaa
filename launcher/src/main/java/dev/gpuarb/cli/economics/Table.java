package dev.gpuarb.cli.economics;

import dev.gpuarb.cli.live.TerminalText;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/** A query answer: column names and rows of text, printed as an aligned table. */
record Table(List<String> columns, List<List<String>> rows) {

    /**
     * Numbers with a fraction are shown to 6 significant digits; everything else as ClickHouse sent it,
     * with control characters escaped (provider names and regions come from upstream).
     */
    static String display(String value) {
        value = TerminalText.safe(value);
        if (value.isEmpty() || !(value.contains(".") || value.contains("e") || value.contains("E"))) {
            return value;
        }
        try {
            BigDecimal d = new BigDecimal(value).round(new MathContext(6));
            return d.compareTo(BigDecimal.ZERO) == 0
                    ? "0"
                    : d.stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /** The text of one cell ("" for NULL), found by column name. */
    String cell(int row, String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException("no column " + column + " in " + columns);
        }
        return rows.get(row).get(index);
    }

    void print(PrintStream out, String emptyMessage) {
        if (rows.isEmpty()) {
            out.println(emptyMessage);
            return;
        }
        int[] widths = new int[columns.size()];
        boolean[] numeric = new boolean[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).length();
            numeric[c] = true;
            for (List<String> row : rows) {
                String v = display(row.get(c));
                widths[c] = Math.max(widths[c], v.length());
                numeric[c] &= v.isEmpty() || v.matches("-?[0-9.]+");
            }
        }
        out.println(line(columns, widths, numeric, false));
        for (List<String> row : rows) {
            out.println(line(row, widths, numeric, true));
        }
    }

    /** Numeric columns are right-aligned, header included, so digits line up. */
    private static String line(List<String> cells, int[] widths, boolean[] numeric, boolean formatted) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String v = formatted ? display(cells.get(c)) : TerminalText.safe(cells.get(c));
            line.append(c == 0 ? "" : "  ").append(String.format("%" + (numeric[c] ? "" : "-") + widths[c] + "s", v));
        }
        return line.toString().stripTrailing();
    }
}
